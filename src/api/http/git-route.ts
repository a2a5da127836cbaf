import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../../core/clock.js';
import { streamCgiResponse } from './git-cgi-response.js';
import { ReceivePackCommandReader, type RefCommand } from './git-receive-pack-commands.js';
import { findRepository, gitServerEnvironment, type HostedRepository } from './git-repositories.js';

export type { RefCommand as RefUpdate } from './git-receive-pack-commands.js';

/** When a push reached the server: a pipeline created after it (while git was still answering) must not react to it. */
export interface PushReceipt {
  receivedAt: number;
}

/** Called after a push succeeded, with the refs it changed (the engine starts pipelines from it). */
export type PushListener = (repository: string, updatedRefs: RefCommand[], receipt: PushReceipt) => void | Promise<void>;

export interface GitRouteOptions {
  /** The data directory; repositories live in its `repos/` unless `reposDir` says elsewhere. */
  dataDir: string;
  /** Hosted repositories (PIPEWRIGHT_REPOS_DIR, shared by replicas). */
  reposDir?: string;
  onPush?: PushListener;
  /** Stamps each push's arrival; the clock pipelines' creation times come from. */
  clock?: Clock;
}

// Smart HTTP only (what every git since 1.6.6 speaks), plus HEAD for clients that read the default branch.
const requestPattern = /^(.+)\/(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

/**
 * git's smart HTTP protocol at `/git/<name>` and `/git/<name>.git`, answered by the real
 * `git http-backend` CGI program with GIT_PROJECT_ROOT = the repositories' directory: `git clone`, `git fetch`
 * and `git push` work against Pipewright as against any git host. Request and response bodies stream
 * (a push of a large repository is never held in memory); gzip request bodies are inflated on the way.
 * A push's ref commands are read as the body passes, and the refs that really changed are reported to
 * `onPush` once git has answered.
 */
export function registerGitRoute(app: FastifyInstance, options: GitRouteOptions): void {
  const reposDir = options.reposDir ?? join(options.dataDir, 'repos');
  const env = gitServerEnvironment(options.dataDir);
  // An encapsulated scope, so that its "leave the body as a stream" parser applies to these routes only.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => {
      done(null, payload);
    });
    scope.route({
      method: ['GET', 'POST'],
      url: '/git/*',
      handler: (request, reply) => serveGit(request, reply, { reposDir, env, clock: options.clock ?? systemClock, ...(options.onPush ? { onPush: options.onPush } : {}) }),
    });
    done();
  });
}

interface Serving {
  reposDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  onPush?: PushListener;
}

async function serveGit(request: FastifyRequest, reply: FastifyReply, serving: Serving): Promise<FastifyReply | undefined> {
  const path = (request.params as Record<string, string | undefined>)['*'] ?? '';
  const match = requestPattern.exec(path);
  const repository = match?.[1] !== undefined ? findRepository(serving.reposDir, match[1]) : undefined;
  const service = match?.[2];
  if (match === null && request.method === 'GET' && wantsPage(request)) {
    // A person who opened a clone URL in a browser: show the console's page of the repository (git itself never asks for HTML).
    const name = path.replace(/\/+$/, '').replace(/\.git$/, '');
    return reply.redirect(`/repos/${name.split('/').map(encodeURIComponent).join('/')}`);
  }
  if (repository === undefined || service === undefined) {
    return reply.code(404).type('text/plain').send(`Repository not found: no repository is served at /git/${path}.\n`);
  }
  const receipt: PushReceipt = { receivedAt: serving.clock.now() };
  const isPush = service === 'git-receive-pack';
  const pushReader = isPush && request.method === 'POST' ? new ReceivePackCommandReader() : undefined;

  void reply.hijack();
  const response = reply.raw;
  const child = spawn('git', ['http-backend'], { env: cgiEnvironment(request, serving, repository, service), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });

  try {
    const feeding = request.method === 'POST' ? feedBody(request, child.stdin, pushReader) : endInput(child.stdin);
    await Promise.all([feeding, streamCgiResponse(child.stdout, response)]);
  } catch (error) {
    child.kill('SIGTERM');
    request.log.warn({ err: error, repository: repository.name, service, stderr: stderr.trim() }, 'git request failed');
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' }).end('git http-backend failed; see the server log.\n');
    else response.destroy();
    return;
  }
  const code = await exited;
  if (code !== 0) {
    request.log.warn({ repository: repository.name, service, exitCode: code, stderr: stderr.trim() }, 'git http-backend failed');
    return;
  }
  if (pushReader !== undefined && pushReader.commands.length > 0) await reportPush(request, serving, repository, pushReader.commands, receipt);
}

function wantsPage(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(String(request.headers.accept ?? ''));
}

function cgiEnvironment(request: FastifyRequest, serving: Serving, repository: HostedRepository, service: string): NodeJS.ProcessEnv {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const contentType = request.headers['content-type'];
  const protocol = request.headers['git-protocol'];
  const user = basicUser(request.headers.authorization);
  return {
    ...serving.env,
    GIT_PROJECT_ROOT: serving.reposDir,
    GIT_HTTP_EXPORT_ALL: '1',
    // The path to the git directory we resolved (bare `app`, or `app/.git`), never the raw request path.
    PATH_INFO: `/${relative(serving.reposDir, repository.gitDir)}/${service}`,
    REQUEST_METHOD: request.method,
    QUERY_STRING: query,
    REMOTE_ADDR: request.ip,
    ...(typeof contentType === 'string' ? { CONTENT_TYPE: contentType } : {}),
    ...(typeof protocol === 'string' ? { GIT_PROTOCOL: protocol } : {}),
    ...(user !== undefined ? { REMOTE_USER: user } : {}),
  };
}

/** The request body into git's stdin, inflated when gzip-encoded, with a push's commands read on the way. */
async function feedBody(request: FastifyRequest, stdin: NodeJS.WritableStream, reader: ReceivePackCommandReader | undefined): Promise<void> {
  let body: Readable = request.raw;
  // git http-backend could inflate itself, but the push's commands must be read from the plain bytes.
  if (/^(x-)?gzip$/i.test(String(request.headers['content-encoding'] ?? ''))) body = request.raw.pipe(createGunzip());
  if (reader !== undefined) body.on('data', (chunk: Buffer) => reader.push(chunk));
  await pipeline(body, stdin);
}

async function endInput(stdin: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve) => stdin.end(resolve));
}

/** Tells `onPush` which of the push's commands took effect (a rejected ref keeps its old value). */
async function reportPush(request: FastifyRequest, serving: Serving, repository: HostedRepository, commands: RefCommand[], receipt: PushReceipt): Promise<void> {
  try {
    const current = await currentRefs(serving.env, repository.gitDir, commands.map((command) => command.ref));
    const applied = commands.filter((command) => current.get(command.ref) === command.newCommit);
    request.log.info({ repository: repository.name, refs: applied.map((command) => command.ref) }, 'git push');
    if (applied.length > 0) await serving.onPush?.(repository.name, applied, receipt);
  } catch (error) {
    request.log.error({ err: error, repository: repository.name }, 'reporting a git push failed');
  }
}

function currentRefs(env: NodeJS.ProcessEnv, gitDir: string, refs: string[]): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(objectname) %(refname)', '--', ...refs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git for-each-ref failed in ${gitDir} (exit code ${code}): ${stderr.trim()}`));
      const refsNow = new Map<string, string>();
      for (const line of stdout.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0) refsNow.set(line.slice(space + 1), line.slice(0, space));
      }
      resolve(refsNow);
    });
  });
}

function basicUser(authorization: string | undefined): string | undefined {
  if (authorization === undefined || !/^basic /i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
  return /^[\w.@+-]{1,64}$/.test(user) ? user : undefined;
}
