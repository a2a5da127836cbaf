import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { ProcessGroups } from './process-groups.js';

export type BuildChild = ChildProcessByStdio<null, Readable, Readable>;

/**
 * Every process a build starts, and the pipes their output comes through. A command may leave a daemon
 * running that still holds the pipe after its shell exited (`dockerd &` in install, used in build), so
 * pipes stay open and logged until the build ends; `terminate` then ends the process groups and, once
 * the pipes have nothing more to give, closes them.
 */
export class BuildProcesses {
  readonly groups: ProcessGroups;
  private readonly pipes = new Set<Readable>();

  constructor(recordFile: string) {
    this.groups = new ProcessGroups(recordFile);
  }

  /**
   * Starts `command` as the leader of a new process group (detached: a session of its own, so no
   * terminal signal from the server reaches it by accident and killing the group reaches all it starts).
   */
  spawn(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string> }): BuildChild {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) this.groups.track(child.pid);
    for (const pipe of [child.stdout, child.stderr]) {
      this.pipes.add(pipe);
      pipe.once('close', () => this.pipes.delete(pipe));
    }
    return child;
  }

  /**
   * Ends every process of the build (SIGTERM, SIGKILL after `graceMs`), then waits a moment for the
   * pipes to deliver their last output. A process that left its group on purpose (setsid) and still
   * holds a pipe cannot be waited for: its pipe is closed after that moment.
   */
  async terminate(graceMs: number): Promise<void> {
    await this.groups.terminate(graceMs);
    const open = [...this.pipes];
    if (open.length === 0) return;
    const drained = Promise.all(open.map((pipe) => (pipe.destroyed ? Promise.resolve() : once(pipe, 'close').then(() => undefined, () => undefined))));
    const controller = new AbortController();
    await Promise.race([drained, delay(2000, undefined, { signal: controller.signal }).catch(() => undefined)]);
    controller.abort();
    for (const pipe of open) pipe.destroy();
  }
}
