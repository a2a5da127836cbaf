import { AsyncLocalStorage } from 'node:async_hooks';
import { buildBaseEnvironment } from './build-environment.js';
import { SandboxLauncher } from './sandbox-launcher.js';
import { readSandboxSettings } from './sandbox-settings.js';

/**
 * The sandbox of the server whose work this is. Each server's start calls enterServerSandbox with the
 * launcher made from its ServerConfig.sandbox (src/server/config.ts reads the settings); everything
 * that server does afterwards (its worker, its requests, its timers) descends from that point of its
 * start, so it finds its own launcher even when several servers share the process (tests start
 * servers with different settings side by side). Outside any server's work: the one configureSandbox
 * set (tests and benchmarks that run providers without a server), else the last server's, else the
 * default settings on loopback terms with the host's PATH and locale and none of its PIPEWRIGHT_*
 * settings.
 */
const perServer = new AsyncLocalStorage<SandboxLauncher>();
let configured: SandboxLauncher | undefined;
let lastServer: SandboxLauncher | undefined;
let fallback: SandboxLauncher | undefined;

/**
 * Called once by a server's start, after its first await (so the caller's own context is untouched).
 * enterWith rather than run: the start goes on in this context after the call, and wrapping the rest of
 * the composition root in a callback would reindent it for one setting.
 */
export function enterServerSandbox(launcher: SandboxLauncher): void {
  lastServer = launcher;
  perServer.enterWith(launcher);
}

/** The launcher for work outside any server's (providers run directly by tests and benchmarks). */
export function configureSandbox(launcher: SandboxLauncher): void {
  configured = launcher;
}

export function currentSandbox(): SandboxLauncher {
  const own = perServer.getStore() ?? configured ?? lastServer;
  if (own !== undefined) return own;
  fallback ??= new SandboxLauncher(readSandboxSettings(buildBaseEnvironment(process.env, [])), { loopbackOnly: true });
  return fallback;
}
