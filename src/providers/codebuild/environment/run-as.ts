import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import type { Buildspec } from '../buildspec/types.js';
import { BuildConfigurationError } from '../configuration-error.js';

const run = promisify(execFile);

/** The user a buildspec's `run-as` names, as the host knows it. */
export interface RunAsUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/**
 * The one user a build's commands run as: the buildspec's `run-as`, or the phases' when they name one
 * between them. A build here runs its phases in one shell (0.2) and one sandbox, so phases naming
 * different users are refused with the reason rather than run as the wrong one.
 */
export function runAsName(buildspec: Buildspec): string | undefined {
  const named = new Map<string, string | undefined>();
  for (const [phase, spec] of Object.entries(buildspec.phases)) {
    if (spec.commands.length + spec.finally.length > 0) named.set(phase, spec.runAs ?? buildspec.runAs);
  }
  const users = new Set(named.values());
  if (users.size > 1) {
    const which = [...named].map(([phase, user]) => `${phase} as ${user ?? 'the default user'}`).join(', ');
    throw new BuildConfigurationError(`run-as: the phases run as different users (${which}); Pipewright runs a build's phases as one user: name it in the top-level run-as`);
  }
  return users.size === 1 ? users.values().next().value : buildspec.runAs;
}

/** Looks the user up in the host's user database (`getent passwd`, so NSS users count too). */
export async function lookUpUser(name: string): Promise<RunAsUser> {
  let line: string;
  try {
    line = (await run('getent', ['passwd', name], { timeout: 10_000 })).stdout.trim();
  } catch {
    throw new BuildConfigurationError(`run-as: there is no user ${name} on this host`);
  }
  const [user, , uid, gid, , home] = line.split(':');
  if (user === undefined || uid === undefined || gid === undefined) throw new BuildConfigurationError(`run-as: there is no user ${name} on this host`);
  return { name: user, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
}

/**
 * The build log's line about the user. The process launcher (providers/shared, the sandbox) is what
 * switches users: until it takes a `runAs` option, a build whose user is not the server's runs as the
 * server's user and says so.
 */
export function runAsLine(user: RunAsUser, launcherSwitchesUsers: boolean): string {
  const current = userInfo();
  if (user.uid === current.uid) return `Running as ${user.name} (uid ${user.uid}), the server's own user`;
  if (launcherSwitchesUsers) return `Running as ${user.name} (uid ${user.uid})`;
  return `run-as ${user.name} (uid ${user.uid}): this server's process launcher cannot switch users yet; the commands run as ${current.username} (uid ${current.uid})`;
}
