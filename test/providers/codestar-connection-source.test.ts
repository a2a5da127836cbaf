import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';
import { codeStarConnectionProvider } from '../../src/providers/codestar-connection/codestar-connection-provider.js';
import { connectionPlan, connectionSummary } from '../../src/providers/codestar-connection/codestar-connection-source.js';
import { checkOutGitSource } from '../../src/providers/git/run-git-source.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from '../git/git-kit.js';
import { RecordingLog, sourceJob } from './source-kit.js';

const arn = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/9f8e7d6c-aaaa-4bbb-8ccc-000000000001';
const token = 'glpat-SECRET-token-4711';
const username = 'ci-bot';

/**
 * A connection mapped to a real git host: a second Pipewright server, behind an HTTP gate that
 * demands the connection's credentials (as GitHub or GitLab would). The pipeline side never learns
 * the host from anything but connections.json.
 */
describe('the CodeStarSourceConnection source', () => {
  let host: GitHost;
  let gate: Server;
  let gateUrl: string;
  const authorizations: string[] = [];
  let work: string;
  let dataDir: string;
  let head: string;
  let workspaces = 0;

  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('connection');
    expect((await host.createRepository('acme/web-app')).status).toBe(201);
    const local = await initRepository(join(work, 'web-app'));
    await commitFiles(local, { 'package.json': '{}\n' }, 'init');
    head = await commitFiles(local, { 'src/main.ts': 'export {};\n' }, 'Add "main" entry\n\nWith details.');
    await git(local, ['push', '--quiet', `${host.url}/git/acme/web-app`, 'main']);

    const expected = `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`;
    gate = createServer((incoming, outgoing) => {
      authorizations.push(incoming.headers.authorization ?? '');
      if (incoming.headers.authorization !== expected) {
        incoming.resume();
        outgoing.writeHead(401, { 'www-authenticate': 'Basic realm="gate"' }).end();
        return;
      }
      const upstream = httpRequest(new URL(incoming.url ?? '/', host.url), { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;

    dataDir = join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeConnections({ [arn]: { baseUrl: `${gateUrl}/git/`, providerType: 'GitLabSelfManaged', username, tokenEnv: 'ACME_GIT_TOKEN' } });
  });
  afterAll(async () => {
    await new Promise((resolve) => gate.close(resolve));
    await host.close();
    removeDir(work);
  });

  function writeConnections(connections: Record<string, unknown>): void {
    writeFileSync(join(dataDir, 'connections.json'), JSON.stringify({ connections }, null, 2));
  }

  function run(job: ActionJob, env: NodeJS.ProcessEnv = { ACME_GIT_TOKEN: token }): { log: RecordingLog; workspace: string; result: ReturnType<typeof checkOutGitSource> } {
    workspaces += 1;
    const log = new RecordingLog();
    const workspace = join(work, `workspace-${workspaces}`);
    const tools = { dataDir, workspace, log };
    return { log, workspace, result: checkOutGitSource(job, tools, new AbortController().signal, (settings) => connectionPlan(job, dataDir, settings, env)) };
  }

  const configuration = { ConnectionArn: arn, FullRepositoryId: 'acme/web-app', BranchName: 'main', DetectChanges: 'false' };

  it('is the AWS CodeStarSourceConnection source type, and safe to rerun', () => {
    expect(codeStarConnectionProvider.actionTypes).toEqual([{ category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' }]);
    expect(codeStarConnectionProvider.rerunnable).toBe(true);
  });

  it('fetches through the connection with its credentials and reports what AWS reports', async () => {
    authorizations.length = 0;
    const { result, log } = run(sourceJob('CodeStarSourceConnection', configuration));
    const checkedOut = await result;
    expect(readFileSync(join(checkedOut.directory, 'src/main.ts'), 'utf8')).toBe('export {};\n');
    const summary = '{"ProviderType":"GitLabSelfManaged","CommitMessage":"Add \\"main\\" entry\\n\\nWith details."}';
    const commitPage = `${gateUrl}/git/acme/web-app/-/commit/${head}`;
    expect(checkedOut.outcome).toMatchObject({
      status: 'Succeeded',
      outputVariables: {
        AuthorDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
        BranchName: 'main',
        CommitId: head,
        CommitMessage: 'Add "main" entry\n\nWith details.',
        ConnectionArn: arn,
        FullRepositoryName: 'acme/web-app',
      },
      externalExecutionId: head,
      externalExecutionUrl: commitPage,
      summary,
      revision: { revisionId: head, revisionSummary: summary, revisionUrl: commitPage },
    });
    expect(Object.keys(checkedOut.outcome.outputVariables ?? {}).sort()).toEqual(['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'ConnectionArn', 'FullRepositoryName']);
    // Every request reached the host with the connection's credentials.
    expect(authorizations.length).toBeGreaterThan(0);
    expect(new Set(authorizations)).toEqual(new Set([`Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`]));
    expect(log.masked).toContain(Buffer.from(`${username}:${token}`).toString('base64'));
  });

  it('keeps the credentials out of logs, the clone, the mirror and every file it wrote', async () => {
    const { result, log, workspace } = run(sourceJob('CodeStarSourceConnection', { ...configuration, OutputArtifactFormat: 'CODEBUILD_CLONE_REF' }));
    const checkedOut = await result;
    expect(await git(checkedOut.directory, ['remote', 'get-url', 'origin'])).toBe(`${gateUrl}/git/acme/web-app`);
    expect(await git(checkedOut.directory, ['log', '--format=%s'])).toBe('Add "main" entry\ninit');
    const secrets = [token, Buffer.from(`${username}:${token}`).toString('base64')];
    for (const secret of secrets) {
      expect(log.text).not.toContain(secret);
      expect(readFileSync(join(checkedOut.directory, '.git', 'config'), 'utf8')).not.toContain(secret);
      for (const file of filesUnder(workspace).concat(filesUnder(join(dataDir, 'cache')))) {
        expect(readFileSync(file).includes(secret), file).toBe(false);
      }
    }
  });

  it('fails as PermissionError when the host refuses the credentials', async () => {
    const { result, log } = run(sourceJob('CodeStarSourceConnection', configuration), { ACME_GIT_TOKEN: 'wrong-token' });
    await expect(result).rejects.toMatchObject({ failureType: 'PermissionError', message: expect.stringContaining('refused the credentials') as unknown });
    expect(log.text).not.toContain('wrong-token');
  });

  it('fails as ConfigurationError for an unknown connection, a missing token, a bad repository id or a broken file', async () => {
    await expect(run(sourceJob('CodeStarSourceConnection', { ...configuration, ConnectionArn: `${arn}-other` })).result).rejects.toMatchObject({
      failureType: 'ConfigurationError',
      message: expect.stringContaining('is not configured in') as unknown,
    });
    await expect(run(sourceJob('CodeStarSourceConnection', configuration), {}).result).rejects.toMatchObject({
      failureType: 'ConfigurationError',
      message: expect.stringContaining('ACME_GIT_TOKEN, which is not set') as unknown,
    });
    await expect(run(sourceJob('CodeStarSourceConnection', { ...configuration, FullRepositoryId: '../etc' })).result).rejects.toMatchObject({
      failureType: 'ConfigurationError',
    });
    await expect(run(sourceJob('CodeStarSourceConnection', { ...configuration, FullRepositoryId: 'acme/absent' })).result).rejects.toMatchObject({
      failureType: 'ConfigurationError',
      message: expect.stringContaining('does not exist') as unknown,
    });

    const saved = readFileSync(join(dataDir, 'connections.json'), 'utf8');
    try {
      writeConnections({ [arn]: { baseUrl: `http://${username}:${token}@127.0.0.1/git` } });
      await expect(run(sourceJob('CodeStarSourceConnection', configuration)).result).rejects.toMatchObject({
        failureType: 'ConfigurationError',
        message: expect.stringContaining('must not carry credentials') as unknown,
      });
      writeFileSync(join(dataDir, 'connections.json'), '{ not json');
      await expect(run(sourceJob('CodeStarSourceConnection', configuration)).result).rejects.toMatchObject({
        failureType: 'ConfigurationError',
        message: expect.stringContaining('is not valid JSON') as unknown,
      });
      rmSync(join(dataDir, 'connections.json'));
      await expect(run(sourceJob('CodeStarSourceConnection', configuration)).result).rejects.toMatchObject({
        failureType: 'ConfigurationError',
        message: expect.stringContaining('connections.json does not exist') as unknown,
      });
    } finally {
      writeFileSync(join(dataDir, 'connections.json'), saved);
    }
  });

  it('keeps the JSON summary within AWS\'s 2048 characters', () => {
    const summary = connectionSummary('GitHub', `${'"quoted"\n'.repeat(400)}`);
    expect(Array.from(summary).length).toBeLessThanOrEqual(2048);
    expect(Array.from(summary).length).toBeGreaterThan(2030);
    expect((JSON.parse(summary) as { ProviderType: string }).ProviderType).toBe('GitHub');
  });
});

function filesUnder(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(directory, entry);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return [];
    return stats.isDirectory() ? filesUnder(path) : stats.isFile() ? [path] : [];
  });
}
