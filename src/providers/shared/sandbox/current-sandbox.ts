import { SandboxLauncher } from './sandbox-launcher.js';
import { readSandboxSettings } from './sandbox-settings.js';

/**
 * The sandbox of this process. Whether bubblewrap works, who builds run as and the default limits are
 * properties of the host, like the environment they are read from, so they are settled once per
 * process (the server's start calls configureSandbox with its settings and whether it listens on
 * loopback only); providers started without a server (provider tests) get the environment's settings
 * on loopback terms.
 */
let current: SandboxLauncher | undefined;

export function configureSandbox(launcher: SandboxLauncher): void {
  current = launcher;
}

export function currentSandbox(): SandboxLauncher {
  current ??= new SandboxLauncher(readSandboxSettings(process.env), { loopbackOnly: true });
  return current;
}
