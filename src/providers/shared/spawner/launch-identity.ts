/**
 * The user and group a sandbox's Launch asks its process to start as, when it names them: the spawn
 * switches to them itself (Node's uid/gid options), with no exec of setpriv for it. Typed by shape, so
 * it reads a Launch whether or not its type has the fields yet.
 */
export function launchIdentity(launch: { file: string; uid?: number; gid?: number }): { uid?: number; gid?: number } {
  return { ...(launch.uid !== undefined ? { uid: launch.uid } : {}), ...(launch.gid !== undefined ? { gid: launch.gid } : {}) };
}
