import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileTail } from './file-tail.js';
import { ProcessGroups } from './process-groups.js';
import { limitExplanation, type ResourceLimits } from './sandbox/resource-limits.js';
import { currentSandbox } from './sandbox/current-sandbox.js';
import { sandboxLeaderPid, type BuildUser, type Launch, type SandboxLauncher } from './sandbox/sandbox-launcher.js';
import { launchIdentity } from './spawner/launch-identity.js';
import { spawnProcess } from './spawner/process-spawner.js';
import type { SpawnedProcess } from './spawner/spawned-process.js';
import type { ContainerRun } from './containers/container-run.js';

/** Where a child's output goes, chunk by chunk (views into a reused buffer: use them at once). */
export interface OutputListener {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

export interface BuildChild {
  child: SpawnedProcess;
  /** Settles when the child exits (rejects when how it ended cannot be known: its spawner died). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Reads all the child's output written so far (call once it has exited to have all of its own). */
  drain: () => Promise<void>;
}

/**
 * Every process a build starts and the output they write. Each child leads a process group of its own
 * (see ProcessGroups) and writes its stdout and stderr to files in the build's control directory,
 * followed by FileTail (faster than pipes for a process printing line by line). A command may leave a
 * daemon running that keeps writing after its shell exited (`dockerd &` in install, used in build):
 * its output is followed until the build ends; `terminate` ends the groups, then reads the rest.
 */
export class BuildProcesses {
  readonly groups: ProcessGroups;
  private readonly tails = new Set<FileTail>();
  private children = 0;
  /** The uid the build runs as while it has processes (leased from the sandbox), and the workspace prepared for it. */
  private user: BuildUser | undefined;
  private lastUid: number | undefined;
  private prepared: { uid: number; done: Promise<void> } | undefined;
  /** Sandbox leaders being learnt (see Launch.reportsLeader). */
  private readonly leaders = new Set<Promise<void>>();
  /** Processes asked of the spawner and not yet known: a terminate waits for them, so none starts unseen after it. */
  private readonly starting = new Set<Promise<unknown>>();
  readonly sandbox: SandboxLauncher;

  /**
   * `controlDir` is the build's private directory (`<workspace>/build`): records and output files go
   * there. Every process starts in the sandbox (sandbox/sandbox-launcher.ts) with `options`' limits
   * (the server's defaults when not given) and, for buildspec `run-as`, the user's name.
   */
  constructor(
    private readonly controlDir: string,
    private readonly options: { limits?: ResourceLimits; runAs?: string; sandbox?: SandboxLauncher; container?: ContainerRun } = {},
  ) {
    mkdirSync(controlDir, { recursive: true });
    this.groups = new ProcessGroups(join(controlDir, 'process-groups'));
    this.sandbox = options.sandbox ?? currentSandbox();
  }

  /** The build's workspace, whose `build/` directory is the control directory. */
  get workspace(): string {
    return dirname(this.controlDir);
  }

  /** The line for the build's log saying how its processes run (and who as: the build's uid is leased from here on, until terminate). */
  describe(): string {
    return this.sandbox.describe({ ...this.options, user: this.currentUser() });
  }

  /** The build's user, leased again after a terminate gave it back (the same uid when it is still free). */
  private currentUser(): BuildUser {
    if (this.user === undefined) {
      this.user = this.sandbox.leaseUser(this.lastUid);
      this.lastUid = this.user.uid;
    }
    return this.user;
  }

  /**
   * Makes the workspace ready for the build's user again, now (sandbox.prepare: the files put there
   * since, sources and cache, handed to that user): what a cold build's first start does, for a build
   * whose shell was started ahead of it (sandbox/prepared-sandbox.ts). Returns that user.
   */
  async prepareNow(): Promise<BuildUser> {
    const user = this.currentUser();
    this.prepared = { uid: user.uid, done: this.sandbox.prepare(this.workspace, user, this.options.runAs) };
    await this.prepared.done;
    return user;
  }

  /** Says which limit a command's exit status shows it ran into, if any. */
  explainExit(exitCode: number): string | undefined {
    return limitExplanation(exitCode, this.options.limits ?? this.sandbox.settings.limits);
  }

  /**
   * Starts `command` as the leader of a new process group (detached: a session of its own, so no
   * terminal signal from the server reaches it by accident and killing the group reaches all it
   * starts). stdin is /dev/null; with `control`, fd 3 is a pipe the child reads from.
   */
  async spawn(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; control?: boolean; output: OutputListener }): Promise<BuildChild> {
    let user = this.currentUser();
    // A terminate while the workspace was being prepared gave the uid back: lease (and prepare) again.
    for (;;) {
      if (this.prepared?.uid !== user.uid) this.prepared = { uid: user.uid, done: this.sandbox.prepare(this.workspace, user, this.options.runAs) };
      await this.prepared.done;
      const now = this.currentUser();
      if (now === user) break;
      user = now;
    }
    // The sandbox reports its leader on the descriptor after the control pipe's.
    const infoFd = options.control === true ? 4 : 3;
    const request = {
      infoFd,
      user,
      workspace: this.workspace,
      cwd: options.cwd,
      env: options.env,
      ...(this.options.limits !== undefined ? { limits: this.options.limits } : {}),
      ...(this.options.runAs !== undefined ? { runAs: this.options.runAs } : {}),
    };
    // In an image (containers/container-run.ts) when the build names one the engine has; else in the host's sandbox.
    const launch = this.options.container?.launch(command, args, request, options.control === true) ?? this.sandbox.launch(command, args, request);
    const name = join(this.controlDir, `output-${process.pid}-${++this.children}`);
    const started = this.start(launch, name, options.cwd, options.control === true, infoFd);
    this.starting.add(started);
    const child = await started.finally(() => this.starting.delete(started));
    const { exited } = child;
    const tails = [new FileTail(`${name}.out`, (chunk) => options.output.stdout(chunk)), new FileTail(`${name}.err`, (chunk) => options.output.stderr(chunk))];
    for (const tail of tails) {
      this.tails.add(tail);
      await tail.start();
    }
    return { child, exited, drain: async () => void (await Promise.all(tails.map((tail) => tail.drain()))) };
  }

  /**
   * Starts a launch through the process spawner (spawner/process-spawner.ts), which opens the output
   * files `<name>.out` and `.err` in append mode (the shell and everything it starts share them, each
   * write landing at the end), and records its group. With `control`, fd 3 is a pipe; the sandbox's
   * info pipe is `infoFd`. Rejects when it cannot start (ENOENT…).
   */
  private async start(launch: Launch, name: string, cwd: string, control: boolean, infoFd: number): Promise<SpawnedProcess> {
    const child = await spawnProcess({
      file: launch.file,
      args: launch.args,
      cwd,
      env: launch.env,
      detached: true,
      ...launchIdentity(launch),
      stdio: ['ignore', { path: `${name}.out`, flags: 'a' }, { path: `${name}.err`, flags: 'a' }, ...(control ? ['pipe' as const] : []), ...(launch.reportsLeader ? ['pipe' as const] : [])],
    });
    this.groups.track(child.pid);
    const info = child.stdio[infoFd];
    if (launch.reportsLeader && info !== null && info !== undefined) {
      const leader = sandboxLeaderPid(info).then((pid) => {
        if (pid !== undefined) this.groups.trackIfAlive(pid);
      });
      this.leaders.add(leader);
      void leader.finally(() => this.leaders.delete(leader));
    }
    return child;
  }

  /** Ends every process of the build (SIGTERM, SIGKILL after `graceMs`), then reads the last of their output. */
  async terminate(graceMs: number): Promise<void> {
    // A process being started is ended with the rest; a sandbox's leader holds its processes in a
    // group of its own: know both before ending the groups.
    await Promise.allSettled([...this.starting]);
    await Promise.all([...this.leaders]);
    // A container outlives its killed engine client: the engine ends it first (its client then exits).
    await this.options.container?.remove(this.controlDir, graceMs);
    await this.groups.terminate(graceMs);
    // Nothing of the build runs any more (a sandbox's leader dies last): its uid may go to another build.
    this.user?.release();
    this.user = undefined;
    const tails = [...this.tails];
    this.tails.clear();
    await Promise.all(tails.map((tail) => tail.stop()));
  }
}
