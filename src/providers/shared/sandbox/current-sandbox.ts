import { AsyncLocalStorage } from 'node:async_hooks';
import { buildBaseEnvironment } from './build-environment.js';
import { SandboxLauncher } from './sandbox-launcher.js';
import { readSandboxSettings } from './sandbox-settings.js';

/**
 * The sandbox of the worker running the job this code serves. A worker runs each job's provider inside
 * `withSandbox(its server's launcher, …)` (worker/in-process-worker.ts), so whatever the provider calls
 * finds that server's launcher, even when several servers share a process (tests start servers with
 * different settings side by side). Set at the job's boundary, where the worker knows its launcher,
 * rather than passed through every provider's constructor and plan: the builds' modules read it in
 * six places, from variables to process starts. Outside any job (tests and benchmarks that run
 * providers directly): the one configureSandbox set, else the default settings on loopback terms with
 * the host's PATH and locale and none of its PIPEWRIGHT_* settings.
 */
const perJob = new AsyncLocalStorage<SandboxLauncher>();
let configured: SandboxLauncher | undefined;
let fallback: SandboxLauncher | undefined;

/** Runs `work` (a job's provider) with `launcher` as the sandbox of everything it does. */
export function withSandbox<T>(launcher: SandboxLauncher, work: () => T): T {
  return perJob.run(launcher, work);
}

/** The launcher for work outside any job (providers run directly by tests and benchmarks). */
export function configureSandbox(launcher: SandboxLauncher): void {
  configured = launcher;
}

export function currentSandbox(): SandboxLauncher {
  const own = perJob.getStore() ?? configured;
  if (own !== undefined) return own;
  fallback ??= new SandboxLauncher(readSandboxSettings(buildBaseEnvironment(process.env, [])), { loopbackOnly: true });
  return fallback;
}
