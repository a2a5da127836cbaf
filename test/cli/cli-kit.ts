import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI: `npm test` builds before it runs the tests; while iterating, run `npm run build` (or node --import tsx scripts/bundle.ts). */
const cliPath = join(process.cwd(), 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Everything printed so far (grows while the process runs). */
  output: { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/**
 * Runs `pipewright ARGS` as a user would (a child process of the built CLI) against `endpoint`, with
 * stdout a pipe (so no colours, as in a script). Resolves when it has exited.
 */
export function startCli(args: string[], options: { endpoint?: string; env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): CliRun {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first.`);
  const merged = { ...process.env, ...(options.endpoint !== undefined ? { PIPEWRIGHT_ENDPOINT: options.endpoint } : {}), ...options.env };
  // A variable set to undefined is one the child must not have.
  const env = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  const child = spawn(process.execPath, [cliPath, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, ...output })));
  return { child, output, done };
}

export function runCli(args: string[], options: { endpoint?: string; env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Waits until `run` has printed what `check` looks for on stdout or stderr. */
export async function printed(run: CliRun, check: (output: string) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check(run.output.stdout + run.output.stderr)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; printed so far:\n${run.output.stdout}\n${run.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
