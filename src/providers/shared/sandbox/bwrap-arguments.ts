import type { HostLayout } from './host-layout.js';

/** One sandbox to start: whose files it sees and where it starts. */
export interface SandboxView {
  /** The build's workspace, read-write (sources, cache, home), at the same path as on the host. */
  workspace: string;
  /** `<workspace>/build`: the server's records and scripts, read-only inside (the build could otherwise forge the process records recovery kills). */
  controlDir: string;
  /** `<workspace>/outputs`: where the server stages output artifacts after the build, read-only inside. */
  outputsDir: string;
  /** `<workspace>/build/state`: where the shell saves its state, read-write. */
  stateDir: string;
  /** The sandbox's own /etc/passwd and /etc/group (identityFiles), files in the control directory. */
  passwdFile: string;
  groupFile: string;
  /** Host paths shown read-only besides the system (a local function's folder). */
  readOnly: readonly string[];
  /** Paths hidden when a system directory holds them (the data directory under /opt…). */
  hidden: readonly string[];
  cwd: string;
  tmpSizeBytes: number;
  /** bubblewrap runs unprivileged (a server not root, or started as the build's uid): it needs a user namespace of its own to mount anything. */
  unshareUser: boolean;
  /** With unshareUser: the build may not make user namespaces of its own (bwrap ≥ 0.8), where it would hold every capability. */
  disableUserns?: boolean;
  /** The descriptor bwrap writes `{"child-pid": N}` to (see SandboxLauncher.launch). */
  infoFd?: number;
}

/**
 * bubblewrap's arguments for one sandbox. Order matters: bwrap applies them in turn, so the system
 * comes first, then what covers parts of it (identity files), then /tmp, then the data directory's
 * path covered by an empty tmpfs, then the workspace (whose parent directories are made in the
 * sandbox's empty root, in /tmp or in that tmpfs), then the remounts read-only.
 *
 * - `--unshare-pid`: the build sees only its own processes, and when the sandbox's first process
 *   (bwrap's init) dies, the kernel kills every process in it: nothing of a build outlives it.
 * - `--die-with-parent`: bwrap dies with the server, even a server killed with SIGKILL.
 * - `--new-session`: no terminal of the server to inject keystrokes into (TIOCSTI).
 * - `--unshare-ipc`: no shared memory or semaphores with the host. The network is shared, as CodeBuild's.
 * - `--unshare-user --disable-userns`: bwrap started unprivileged (see SandboxView.unshareUser).
 * - `--remount-ro` of the root and of the data directory's tmpfs: bwrap started as the build's uid
 *   makes them that uid's, which could then fill them (memory, unbounded) or make paths there; as root
 *   they are root's, and read-only changes nothing. /tmp (bounded) and the workspace stay writable.
 */
export function bwrapArguments(layout: HostLayout, view: SandboxView): string[] {
  const args = ['--unshare-pid', '--unshare-ipc', '--die-with-parent', '--new-session'];
  if (view.unshareUser) args.push('--unshare-user', ...(view.disableUserns === true ? ['--disable-userns'] : []));
  if (view.infoFd !== undefined) args.push('--info-fd', String(view.infoFd));
  for (const entry of layout.systemEntries) {
    if (entry.kind === 'symlink') args.push('--symlink', entry.target, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  if (layout.resolvConf !== undefined) args.push('--ro-bind', layout.resolvConf, layout.resolvConf);
  args.push('--ro-bind', view.passwdFile, '/etc/passwd', '--ro-bind', view.groupFile, '/etc/group');
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--perms', '1777', '--size', String(view.tmpSizeBytes), '--tmpfs', '/tmp');
  const shown = layout.systemEntries.filter((entry) => entry.kind === 'directory').map((entry) => entry.path);
  const within = (path: string, dirs: readonly string[]): boolean => dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
  const hidden = view.hidden.filter((path) => path !== '/');
  // Parents bwrap would make for a mount are private to root (0700): made first, open to the build's user.
  const made = new Set<string>();
  const makeParents = (path: string, covered: readonly string[]): void => {
    for (const parent of parents(path)) {
      // A shown system directory's own parents exist already; those in a hidden path's tmpfs do not.
      if (made.has(parent) || (within(parent, shown) && !within(parent, covered))) continue;
      made.add(parent);
      args.push('--dir', parent);
    }
  };
  // The data directory's path: an empty tmpfs, so nothing of it shows even where a shown directory holds it.
  for (const [index, path] of hidden.entries()) {
    makeParents(path, hidden.slice(0, index));
    args.push('--tmpfs', path);
    made.add(path);
  }
  for (const path of [view.workspace, ...view.readOnly]) makeParents(path, hidden);
  args.push('--bind', view.workspace, view.workspace);
  args.push('--ro-bind', view.controlDir, view.controlDir, '--bind', view.stateDir, view.stateDir, '--ro-bind', view.outputsDir, view.outputsDir);
  for (const path of view.readOnly) args.push('--ro-bind', path, path);
  for (const path of hidden) args.push('--remount-ro', path);
  args.push('--remount-ro', '/');
  args.push('--chdir', view.cwd);
  return args;
}

/** `/a/b/c` → `/a`, `/a/b`. */
function parents(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.slice(0, -1).map((_, index) => `/${parts.slice(0, index + 1).join('/')}`);
}
