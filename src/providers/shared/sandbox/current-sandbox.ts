import { AsyncLocalStorage } from 'node:async_hooks';
import { buildBaseEnvironment } from './build-environment.js';
import { SandboxLauncher } from './sandbox-launcher.js';
import { readSandboxSettings } from './sandbox-settings.js';

/**
 * The sandbox of the server whose work this is. Each server's start calls configureSandbox with its
 * ServerConfig.sandbox (src/server/config.ts reads the settings) and whether it listens on loopback
 * only; everything that server does afterwards (its worker, its requests, its timers) descends from
 * that point of its start, so it finds its own launcher even when several servers share the process
 * (tests start servers with different settings side by side). Outside any server's work, the last
 * one configured, or, before any, the default settings on loopback terms with the host's PATH and
 * locale and none of its PIPEWRIGHT_* settings (provider tests).
 */
const perServer = new AsyncLocalStorage<SandboxLauncher>();
let lastConfigured: SandboxLauncher | undefined;
let fallback: SandboxLauncher | undefined;

export function configureSandbox(launcher: SandboxLauncher): void {
  lastConfigured = launcher;
  // enterWith rather than run: the server's start goes on in this context after the call, and wrapping
  // the rest of its composition root in a callback would reindent it for one setting.
  perServer.enterWith(launcher);
}

export function currentSandbox(): SandboxLauncher {
  const own = perServer.getStore() ?? lastConfigured;
  if (own !== undefined) return own;
  fallback ??= new SandboxLauncher(readSandboxSettings(buildBaseEnvironment(process.env, [])), { loopbackOnly: true });
  return fallback;
}
