import { rm } from 'node:fs/promises';
import { PreparedSandbox } from './prepared-sandbox.js';
import type { SandboxLauncher } from './sandbox-launcher.js';

/** The shell kept ready before any build said which it uses: a Commands action's. */
const defaultShell = 'bash';
/** How many actions' shells are remembered (the oldest forgotten first). */
const rememberedActions = 1000;

/**
 * The prepared sandboxes of one server's launcher (PIPEWRIGHT_BUILD_PREPARED_SANDBOXES per work root,
 * default 2, for each shell its builds use): bubblewrap's start (~16 ms on this VM, most of what the sandbox adds to a build) paid
 * ahead, by the process spawner, so a build's first shell is already waiting when it asks. Filled
 * lazily: the first build of a work root starts cold and the pool fills behind it; each taken slot is
 * replaced once the build that took it has ended (`refill`, called after its outcome is reported), one
 * at a time, so the forks land between jobs, on the spawner, never on the server's event loop. A slot
 * serves one build, holds its uid lease while it waits, and dies with the server (bwrap
 * --die-with-parent under the spawner; `close` at a server's stop).
 */
export class PreparedSandboxes {
  private readonly ready = new Map<string, PreparedSandbox[]>();
  private readonly filling = new Map<string, Promise<void>>();
  /** Per work root, the shells its builds asked for: `size` slots are kept for each. */
  private readonly shells = new Map<string, Set<string>>();
  /** Per action (the caller's key), the shell its last build used: the slot a build takes is of that shell. */
  private readonly shellOf = new Map<string, string>();
  /** Work roots where shells cannot be started ahead (bwrap would need root and setpriv there): not tried again. */
  private readonly unpreparable = new Set<string>();
  private closed = false;

  constructor(private readonly sandbox: SandboxLauncher) {}

  get size(): number {
    return this.sandbox.status.kind === 'bwrap' ? this.sandbox.settings.preparedSandboxes : 0;
  }

  /**
   * A waiting slot for a build of `action` in `workRoot`, if one is ready, of the shell that action's
   * last build used (its buildspec is read only after the checkout into the slot's workspace); the
   * pool fills behind a miss.
   */
  take(workRoot: string, action: string): PreparedSandbox | undefined {
    if (this.closed || this.size === 0) return undefined;
    const shell = this.shellOf.get(action) ?? defaultShell;
    const slots = this.ready.get(workRoot) ?? [];
    for (const slot of [...slots]) {
      if (slot.usable && slot.shellName !== shell) continue;
      slots.splice(slots.indexOf(slot), 1);
      if (slot.usable) return slot;
      void this.dispose(slot);
    }
    this.refill(workRoot);
    return undefined;
  }

  /** Notes which shell `action`'s builds in `workRoot` use, so that slots of that shell are kept for its next ones. */
  wants(workRoot: string, action: string, shell: string): void {
    this.shellOf.delete(action);
    this.shellOf.set(action, shell);
    if (this.shellOf.size > rememberedActions) this.shellOf.delete(this.shellOf.keys().next().value!);
    const shells = this.shells.get(workRoot) ?? new Set([defaultShell]);
    shells.add(shell);
    this.shells.set(workRoot, shells);
  }

  /**
   * After the build that took `slot` has ended (its outcome reported): its processes end, its
   * workspace goes (the build's own, not made by the worker, which removes only its own), and the pool
   * starts its successor, off that build's critical path.
   */
  async finished(workRoot: string, slot: PreparedSandbox): Promise<void> {
    await this.dispose(slot);
    this.refill(workRoot);
  }

  /** Starts slots in the background until `workRoot` has its count again (one at a time). */
  refill(workRoot: string): void {
    if (this.closed || this.size === 0 || this.filling.has(workRoot) || this.unpreparable.has(workRoot)) return;
    const filled = this.fill(workRoot)
      // A slot is a saving, never needed: a failure leaves builds starting cold, as without the pool.
      .catch(() => undefined)
      .finally(() => this.filling.delete(workRoot));
    this.filling.set(workRoot, filled);
  }

  /** Resolves once no slot is being started (benchmarks measure builds apart from the refills). */
  async idle(): Promise<void> {
    while (this.filling.size > 0) await Promise.all([...this.filling.values()]);
  }

  /** Ends every waiting slot and removes its workspace; no more are started. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.filling.values()]);
    const slots = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(slots.map((slot) => this.dispose(slot)));
  }

  private async fill(workRoot: string): Promise<void> {
    const slots = this.ready.get(workRoot) ?? [];
    this.ready.set(workRoot, slots);
    for (;;) {
      const stale = slots.findIndex((slot) => !slot.usable);
      if (stale >= 0) {
        void this.dispose(slots.splice(stale, 1)[0]!);
        continue;
      }
      // `size` slots of each shell the work root's builds use (bash for Commands, often /bin/sh for CodeBuild).
      const shells = [...(this.shells.get(workRoot) ?? [defaultShell])];
      const shell = shells.find((name) => slots.filter((slot) => slot.shellName === name).length < this.size);
      if (this.closed || shell === undefined) return;
      const slot = await PreparedSandbox.start(this.sandbox, workRoot, shell);
      if (slot === undefined) return void this.unpreparable.add(workRoot);
      if (this.closed) return void (await this.dispose(slot));
      slots.push(slot);
    }
  }

  private async dispose(slot: PreparedSandbox): Promise<void> {
    await slot.discard().catch(() => undefined);
    await rm(slot.workspace, { recursive: true, force: true }).catch(() => undefined);
  }
}

const pools = new WeakMap<SandboxLauncher, PreparedSandboxes>();

/** The prepared sandboxes of a launcher (one pool per server). */
export function preparedSandboxesOf(sandbox: SandboxLauncher): PreparedSandboxes {
  let pool = pools.get(sandbox);
  if (pool === undefined) {
    pool = new PreparedSandboxes(sandbox);
    pools.set(sandbox, pool);
  }
  return pool;
}

/** At a server's stop: its waiting slots end (the rest die with the spawner when the process exits). */
export async function closePreparedSandboxes(sandbox: SandboxLauncher): Promise<void> {
  await pools.get(sandbox)?.close();
}
