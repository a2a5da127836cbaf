import { buildBaseEnvironment } from './build-environment.js';
import { SandboxLauncher } from './sandbox-launcher.js';
import { readSandboxSettings } from './sandbox-settings.js';

/**
 * The sandbox of this process. Whether bubblewrap works, who builds run as and the default limits are
 * properties of the host, so they are settled once per process: the server's start calls
 * configureSandbox with ServerConfig.sandbox (src/server/config.ts reads the settings) and whether it
 * listens on loopback only. Providers started without a server (provider tests) get the default
 * settings on loopback terms, with the host's PATH and locale and none of its PIPEWRIGHT_* settings.
 */
let current: SandboxLauncher | undefined;

export function configureSandbox(launcher: SandboxLauncher): void {
  current = launcher;
}

export function currentSandbox(): SandboxLauncher {
  current ??= new SandboxLauncher(readSandboxSettings(buildBaseEnvironment(process.env, [])), { loopbackOnly: true });
  return current;
}
