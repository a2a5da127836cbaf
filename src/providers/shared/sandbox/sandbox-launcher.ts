import { spawnSync } from 'node:child_process';
import { accessSync, constants, lstatSync, realpathSync } from 'node:fs';
import { chmod, chown, lchown, lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { bwrapArguments } from './bwrap-arguments.js';
import { BuildUidPool } from './build-uid-pool.js';
import { identityFiles, readHostLayout, type HostLayout } from './host-layout.js';
import { describeLimits, prlimitArguments, shellLimitsArguments, type ResourceLimits } from './resource-limits.js';
import type { SandboxSettings } from './sandbox-settings.js';

/** Who a build's processes run as: a uid of the pool leased for the build (as root), or the server's own. */
export interface BuildUser {
  uid: number;
  gid: number;
  /** Gives the uid back: call once none of the build's processes runs any more. */
  release(): void;
}

/** What one process of a build asks of the sandbox. */
export interface LaunchRequest {
  /** The build's user (leaseUser), the one its workspace was prepared for. */
  user: BuildUser;
  /** The job's workspace (`<data-dir>/work/<job>`): the only part of the data directory the process sees. */
  workspace: string;
  cwd: string;
  env: Record<string, string>;
  limits?: ResourceLimits;
  /** buildspec `run-as`: the name the build's user has inside the sandbox (its uid stays the unprivileged one). */
  runAs?: string;
  /** Host paths shown read-only too (a local function's folder). */
  readOnly?: readonly string[];
  /** The child's descriptor (a pipe) on which the sandbox says which process leads it: see Launch.sandboxLeader. */
  infoFd?: number;
}

/** The program to start in place of the process asked for, and its environment. */
export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  /**
   * The uid and gid to start `file` as (spawn's `uid`/`gid` options, which also clear the supplementary
   * groups): the build's own, when bwrap itself runs as the build's user. A caller must honour them.
   */
  uid?: number;
  gid?: number;
  /**
   * Whether the child writes, on the `infoFd` pipe, the pid of the sandbox's first process (bwrap's
   * init, pid 1 inside). That process leads a session and process group of its own (--new-session),
   * which holds the build's processes: the caller records and ends it like the child's own group, and
   * waits for it, since it dies only once every process of its namespace has (sandboxLeaderPid reads it).
   */
  reportsLeader: boolean;
}

/** How builds run on this server: in bubblewrap, unsandboxed (allowed, with a warning), or not at all. */
export type SandboxStatus = { kind: 'bwrap' } | { kind: 'unsandboxed'; reason: string } | { kind: 'refused'; reason: string };

const defaultUserName = 'build';
/** Where every Pipewright process of the host records the build uids it holds (a tmpfs, emptied at boot). */
const uidLeaseDir = '/run/pipewright/build-uids';

/**
 * The one way a build, a Commands action or a local function starts a process (BuildProcesses and
 * function-process.ts call it). In bubblewrap: the host's system directories read-only, the job's
 * workspace read-write, a private /tmp, /proc and /dev, nothing else of the host (no data directory,
 * no other job's workspace, no home directories); its own pid namespace, ended with the server. When
 * the server runs as root, each build runs as a uid of its own (PIPEWRIGHT_BUILD_UIDS, leaseUser;
 * setpriv, no new privileges) and its workspace is handed to that user first. Resource limits apply
 * in every mode.
 */
export class SandboxLauncher {
  readonly status: SandboxStatus;
  private readonly layout: HostLayout | undefined;
  private readonly tools: { prlimit?: string; bwrap?: string; setpriv?: string };
  private readonly switchUser: boolean;
  /** As root: bwrap can run as a build uid in a user namespace of its own, where nothing can make another (see launch). */
  private readonly userNamespaces: boolean;
  private readonly uids: BuildUidPool;

  constructor(
    readonly settings: SandboxSettings,
    options: { loopbackOnly: boolean },
  ) {
    this.tools = { ...tool('prlimit'), ...(settings.bwrap !== undefined ? executable('bwrap', settings.bwrap) : tool('bwrap')), ...tool('setpriv') };
    const root = process.getuid?.() === 0;
    this.status = decideStatus(settings, this.tools, root, options.loopbackOnly);
    this.switchUser = this.status.kind === 'bwrap' && root;
    this.layout = this.status.kind === 'bwrap' ? readHostLayout() : undefined;
    this.uids = new BuildUidPool(settings.uids, uidLeaseDir);
    // The pool's last uid: the one least likely leased (a build at its process limit would fail the probe).
    this.userNamespaces = this.switchUser && bwrapWorksAs(this.tools.bwrap!, settings.uids.last);
  }

  /**
   * The user a build's processes run as until released: as root in the sandbox, a uid of the pool
   * no other running build has (`preferred` when free); otherwise the server's own user.
   */
  leaseUser(preferred?: number): BuildUser {
    if (!this.switchUser) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, release: () => undefined };
    const uid = this.uids.lease(preferred);
    return { uid, gid: uid, release: () => this.uids.release(uid) };
  }

  /** One line for the build's log: how it runs. */
  describe(request: { user: BuildUser; limits?: ResourceLimits; runAs?: string }): string {
    const limits = `limits: ${describeLimits(request.limits ?? this.settings.limits)}`;
    if (this.status.kind === 'refused') return this.status.reason;
    if (this.status.kind !== 'bwrap') return `Not sandboxed (${this.status.reason}); ${limits}`;
    const user = this.switchUser ? `user ${request.runAs ?? defaultUserName} (uid ${request.user.uid}, gid ${request.user.gid}, this build's own)` : `the server's user as ${request.runAs ?? defaultUserName}`;
    return `Sandbox: bubblewrap, ${user}, only the workspace writable; ${limits}`;
  }

  /**
   * Makes the workspace ready for the sandbox, once per job and user before its first process: the
   * state directory, the home directory, the identity files, and (as root) the workspace given to the
   * build's user, except the control directory, which stays the server's.
   */
  async prepare(workspace: string, user: BuildUser, runAs?: string): Promise<void> {
    if (this.status.kind === 'refused') throw new Error(this.status.reason);
    const control = join(workspace, 'build');
    await mkdir(join(control, 'state'), { recursive: true });
    await mkdir(join(workspace, 'home'), { recursive: true });
    // Where the server stages output artifacts after the build: made now and shown read-only, so the
    // build cannot put a symlink there that the server (root) would then write through.
    await mkdir(join(workspace, 'outputs'), { recursive: true });
    if (this.layout !== undefined) {
      const files = identityFiles(this.layout, { name: runAs ?? defaultUserName, uid: user.uid, gid: user.gid, home: join(workspace, 'home') });
      await writeFile(join(control, 'passwd'), files.passwd);
      await writeFile(join(control, 'group'), files.group);
    }
    if (this.switchUser) {
      await giveTree(workspace, user.uid, user.gid, [control, join(workspace, 'outputs')]);
      await chown(join(control, 'state'), user.uid, user.gid);
    }
  }

  /** The environment a process of `request` starts with (what launch gives it): the sandbox's HOME, USER and LOGNAME under the request's own. */
  environment(request: Pick<LaunchRequest, 'workspace' | 'env' | 'runAs'>): Record<string, string> {
    return {
      HOME: join(request.workspace, 'home'),
      USER: request.runAs ?? defaultUserName,
      LOGNAME: request.runAs ?? defaultUserName,
      ...request.env,
    };
  }

  /**
   * Whether a shell for `workspace` may be started ahead of its build (prepared-sandbox.ts):
   * in bubblewrap, and as root only where bwrap starts as the build's uid (never the setpriv way).
   */
  preparable(workspace: string, user: BuildUser): boolean {
    if (this.status.kind !== 'bwrap') return false;
    if (!this.switchUser) return true;
    return this.launch('sh', ['-c', ':'], { user, workspace, cwd: workspace, env: {} }).uid !== undefined;
  }

  /**
   * The command that starts `command args` as asked (prepare the workspace first), with the fewest
   * processes in between. The limits: a shell's script sets them itself (shellLimitsScript), anything
   * else runs under `prlimit`. The user, as root: bwrap itself started as the build's uid (Launch.uid),
   * unprivileged in a user namespace of its own that maps that uid alone, so no `setpriv` follows it;
   * where that uid could not reach a path the sandbox binds (a data directory closed to other users),
   * bwrap runs as root and `setpriv` switches to the build's uid inside, as before.
   */
  launch(command: string, args: readonly string[], request: LaunchRequest): Launch {
    if (this.status.kind === 'refused') throw new Error(this.status.reason);
    const env = this.environment(request);
    const limits = request.limits ?? this.settings.limits;
    const script = isShellScript(command, args) ? shellLimitsArguments(command, args, limits) : undefined;
    const limited = script === undefined && this.tools.prlimit !== undefined ? [this.tools.prlimit, ...prlimitArguments(limits), '--'] : [];
    const sandboxed = this.status.kind === 'bwrap' && this.layout !== undefined;
    const reportsLeader = sandboxed && request.infoFd !== undefined;
    const started = (argv: string[], user?: { uid: number; gid: number }): Launch => ({ file: argv[0]!, args: argv.slice(1), env, reportsLeader, ...user });
    if (!sandboxed || this.layout === undefined) return started([...limited, command, ...(script ?? args)]);
    const control = join(request.workspace, 'build');
    const view = {
      workspace: request.workspace,
      controlDir: control,
      outputsDir: join(request.workspace, 'outputs'),
      stateDir: join(control, 'state'),
      passwdFile: join(control, 'passwd'),
      groupFile: join(control, 'group'),
      readOnly: request.readOnly ?? [],
      hidden: [dirname(dirname(request.workspace))],
      cwd: request.cwd,
      tmpSizeBytes: limits.memoryMb * 1024 * 1024,
      ...(request.infoFd !== undefined ? { infoFd: request.infoFd } : {}),
    };
    const { uid, gid } = request.user;
    const bound = [view.workspace, view.stateDir, view.outputsDir, view.passwdFile, view.groupFile, ...view.readOnly, ...(this.layout.resolvConf !== undefined ? [this.layout.resolvConf] : [])];
    const asBuildUser = this.userNamespaces && reachableBy({ uid, gid }, bound);
    const sandboxArgs = bwrapArguments(this.layout, { ...view, unshareUser: !this.switchUser || asBuildUser, disableUserns: asBuildUser });
    const setpriv = this.switchUser && !asBuildUser ? [this.tools.setpriv!, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--no-new-privs', '--'] : [];
    return started([...limited, this.tools.bwrap!, ...sandboxArgs, '--', ...setpriv, command, ...(script ?? args)], asBuildUser ? { uid, gid } : undefined);
  }
}

/** `sh -c script…` or `bash -c script…`: a shell whose script can set the limits itself. */
function isShellScript(command: string, args: readonly string[]): boolean {
  return ['sh', 'dash', 'bash'].includes(basename(command)) && args[0] === '-c' && args[1] !== undefined;
}

/**
 * Whether `user` (no supplementary groups: a build's) can look up each of `paths`, as bwrap started as
 * that user must to bind them: every directory above each path, and above where it really is,
 * searchable by it (the owner's, group's or others' bit, whichever class it falls in). Unprivileged in
 * its user namespace, bwrap has no rights over a root-owned directory (root is not mapped there), so a
 * data directory of mode 0700 keeps the setpriv way.
 */
function reachableBy(user: { uid: number; gid: number }, paths: readonly string[]): boolean {
  const dirs = new Set<string>();
  for (const path of paths) {
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      return false;
    }
    for (const each of [path, real]) for (let dir = dirname(each); dir !== dirname(dir); dir = dirname(dir)) dirs.add(dir);
  }
  for (const dir of dirs) {
    const info = lstatSync(dir, { throwIfNoEntry: false });
    if (info === undefined) return false;
    if (info.isSymbolicLink()) continue;
    const searchBit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & searchBit) === 0) return false;
  }
  return true;
}

function decideStatus(settings: SandboxSettings, tools: { bwrap?: string; setpriv?: string }, root: boolean, loopbackOnly: boolean): SandboxStatus {
  if (settings.mode === 'off') return { kind: 'unsandboxed', reason: 'PIPEWRIGHT_BUILD_SANDBOX=off' };
  const problem =
    tools.bwrap === undefined
      ? 'bubblewrap (bwrap) is not installed'
      : root && tools.setpriv === undefined
        ? 'setpriv (util-linux) is not installed'
        : bwrapWorks(tools.bwrap, root)
          ? undefined
          : 'bubblewrap (bwrap) cannot create a sandbox here (user namespaces disabled?)';
  if (problem === undefined) return { kind: 'bwrap' };
  if (loopbackOnly) return { kind: 'unsandboxed', reason: `${problem}; the server listens on loopback only` };
  return {
    kind: 'refused',
    reason: `Builds are refused: ${problem} and the server listens beyond loopback. Install bubblewrap, or set PIPEWRIGHT_BUILD_SANDBOX=off to run builds unsandboxed.`,
  };
}

/**
 * Whether bwrap runs as `uid` (a build's, unprivileged) in a user namespace of its own that may not
 * make others: the kernel, a security module (AppArmor's restriction of unprivileged user namespaces)
 * or an older bwrap (no --disable-userns before 0.8) may refuse it.
 */
function bwrapWorksAs(bwrap: string, uid: number): boolean {
  const args = ['--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--die-with-parent', '--new-session', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', 'true'];
  return spawnSync(bwrap, args, { stdio: 'ignore', timeout: 10_000, cwd: '/', uid, gid: uid }).status === 0;
}

/** Tries the sandbox's own kind of namespace once: a kernel or container may forbid it. */
function bwrapWorks(bwrap: string, root: boolean): boolean {
  const args = ['--unshare-pid', '--unshare-ipc', '--die-with-parent', '--new-session', ...(root ? [] : ['--unshare-user']), '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', 'true'];
  return spawnSync(bwrap, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

type Tool = 'prlimit' | 'bwrap' | 'setpriv';

function tool(name: Tool): Partial<Record<Tool, string>> {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).concat(['/usr/bin', '/usr/sbin', '/bin'])) {
    const found = executable(name, join(dir, name));
    if (found[name] !== undefined) return found;
  }
  return {};
}

function executable(name: Tool, path: string): Partial<Record<Tool, string>> {
  try {
    accessSync(path, constants.X_OK);
    return { [name]: path };
  } catch {
    return {};
  }
}

/**
 * Hands a directory tree to the build's user, leaving `except` to the server: owner changed (of
 * symlinks themselves, never what they point to), and the owner's write bit added, since checkouts
 * show the artifact store's read-only blob modes (0444, 0555) that only root could write through.
 * Through an overlay checkout this changes the private upper layer only. A file hard-linked on the
 * workspace's own filesystem is a shared blob of the store (a read-only checkout) and is left alone.
 */
async function giveTree(dir: string, uid: number, gid: number, except: readonly string[]): Promise<void> {
  const workspaceDevice = (await lstat(dir)).dev;
  const give = async (path: string): Promise<void> => {
    if (except.includes(path)) return;
    const info = await lstat(path);
    if (info.isFile() && info.nlink > 1 && info.dev === workspaceDevice) return;
    await lchown(path, uid, gid);
    if (info.isSymbolicLink()) return;
    if ((info.mode & 0o200) === 0) await chmod(path, (info.mode | 0o200) & 0o7777);
    if (info.isDirectory()) await Promise.all((await readdir(path)).map((name) => give(join(path, name))));
  };
  await give(dir);
}

/** Reads bwrap's `{"child-pid": N}` from its info pipe; undefined when it closed without one (bwrap failed). */
export async function sandboxLeaderPid(info: NodeJS.ReadableStream): Promise<number | undefined> {
  let text = '';
  try {
    for await (const chunk of info) text += String(chunk);
  } catch {
    return undefined;
  }
  const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
