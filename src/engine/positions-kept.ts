import type { Positions } from '../core/execution/positions.js';
import type { PipelineState } from '../core/execution/state.js';

/**
 * The positions index (core/execution/positions.ts) a pipeline's last decision left, by the state it
 * describes: the next decision on that state takes it over instead of walking every execution again
 * (docs/decisions/positions-index.md). Taking removes it, so only one decision holds an index, and one
 * half-updated by a refused command is never kept. A WeakMap: a state nobody holds takes its index along.
 */
export class PositionsKept {
  private readonly byState = new WeakMap<PipelineState, Positions>();

  take(state: PipelineState): Positions | undefined {
    const kept = this.byState.get(state);
    this.byState.delete(state);
    return kept;
  }

  keep(state: PipelineState, positions: Positions): void {
    this.byState.set(state, positions);
  }

  /** `to` has the active executions of `from`, where they were (core/execution/retention.ts drops only ended ones). */
  handOver(from: PipelineState, to: PipelineState): void {
    if (from === to) return;
    const kept = this.take(from);
    if (kept !== undefined) this.keep(to, kept);
  }
}
