import { rm } from 'node:fs/promises';
import { PreparedSandbox } from './prepared-sandbox.js';
import type { SandboxLauncher } from './sandbox-launcher.js';

/** The shell kept ready until a build asks for another: a Commands action's. */
const defaultShell = 'bash';

/**
 * The prepared sandboxes of one server's launcher (PIPEWRIGHT_BUILD_PREPARED_SANDBOXES per work root,
 * default 2): bubblewrap's start (~16 ms on this VM, most of what the sandbox adds to a build) paid
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
  /** Per work root, the shell its builds last asked for: what its slots are started with. */
  private readonly shells = new Map<string, string>();
  /** Work roots where shells cannot be started ahead (bwrap would need root and setpriv there): not tried again. */
  private readonly unpreparable = new Set<string>();
  private closed = false;

  constructor(private readonly sandbox: SandboxLauncher) {}

  get size(): number {
    return this.sandbox.status.kind === 'bwrap' ? this.sandbox.settings.preparedSandboxes : 0;
  }

  /** A waiting slot for a build in `workRoot`, if one is ready (the pool fills behind a miss). */
  take(workRoot: string): PreparedSandbox | undefined {
    if (this.closed || this.size === 0) return undefined;
    const slots = this.ready.get(workRoot) ?? [];
    for (let slot = slots.shift(); slot !== undefined; slot = slots.shift()) {
      if (slot.usable) return slot;
      void this.dispose(slot);
    }
    this.refill(workRoot);
    return undefined;
  }

  /** Notes which shell builds of `workRoot` use, so the next slots start that one. */
  wants(workRoot: string, shell: string): void {
    this.shells.set(workRoot, shell);
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
      const shell = this.shells.get(workRoot) ?? defaultShell;
      // Slots of a shell no longer asked for make room for the one asked for.
      const stale = slots.findIndex((slot) => slot.shellName !== shell || !slot.usable);
      if (stale >= 0) void this.dispose(slots.splice(stale, 1)[0]!);
      if (this.closed || slots.length >= this.size) return;
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
