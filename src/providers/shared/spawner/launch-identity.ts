import type { Launch } from '../sandbox/sandbox-launcher.js';

/**
 * The user and group a sandbox's Launch asks its process to start as, when it names them (bwrap started
 * as the build's uid): the spawn switches to them itself (Node's uid/gid options, which also clear the
 * supplementary groups), with no exec of setpriv for it.
 */
export function launchIdentity(launch: Pick<Launch, 'uid' | 'gid'>): { uid?: number; gid?: number } {
  return { ...(launch.uid !== undefined ? { uid: launch.uid } : {}), ...(launch.gid !== undefined ? { gid: launch.gid } : {}) };
}
