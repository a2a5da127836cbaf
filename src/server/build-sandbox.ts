import type { Logger } from 'pino';
import { SandboxLauncher } from '../providers/shared/sandbox/sandbox-launcher.js';
import type { SandboxSettings } from '../providers/shared/sandbox/sandbox-settings.js';

/**
 * Settles how this server runs builds, Commands actions and local functions (README, "Builds in a
 * sandbox"), and says so at start when it is not in bubblewrap: a loopback server runs them
 * unsandboxed with a warning, any other refuses them unless the operator opted out
 * (PIPEWRIGHT_BUILD_SANDBOX=off). The worker runs each job with the launcher returned (withSandbox).
 */
export function setUpBuildSandbox(host: string, settings: SandboxSettings, logger: Logger): SandboxLauncher {
  const launcher = new SandboxLauncher(settings, { loopbackOnly: isLoopback(host) });
  const { status } = launcher;
  if (status.kind === 'unsandboxed') logger.warn(`builds, Commands actions and local functions run WITHOUT a sandbox: ${status.reason}`);
  if (status.kind === 'refused') logger.warn(status.reason);
  return launcher;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
