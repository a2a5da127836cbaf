import type { ExecutionMode } from '../declaration/types.js';
import { isActive, type ExecutionType, type PipelineExecutionStatus } from './statuses.js';
import type { ExecutionPosition, PipelineState } from './state.js';

/**
 * Where every active execution is, indexed for one decision: who holds each stage's lock and who waits
 * in front of it, in arrival order. Built once from the state the decision starts from (plain objects,
 * no drafts) and kept in step with every move, because all position changes go through `moveTo` in
 * step.ts. Decisions about one execution then cost the same with 1 or 100 executions in flight.
 */
interface Entry {
  mode: ExecutionMode;
  type: ExecutionType;
  startSequence: number;
  position: ExecutionPosition;
}

export interface WaitingExecution {
  id: string;
  mode: ExecutionMode;
  type: ExecutionType;
  arrival: number;
}

export class Positions {
  private readonly active = new Map<string, Entry>();

  static of(state: PipelineState): Positions {
    const positions = new Positions();
    for (const execution of Object.values(state.executions)) {
      if (isActive(execution.status)) {
        positions.active.set(execution.id, {
          mode: execution.mode,
          type: execution.type,
          startSequence: execution.startSequence,
          position: execution.position,
        });
      }
    }
    return positions;
  }

  get activeCount(): number {
    return this.active.size;
  }

  activeIds(): string[] {
    return [...this.active.keys()];
  }

  startSequenceOf(id: string): number {
    return this.active.get(id)?.startSequence ?? Number.POSITIVE_INFINITY;
  }

  /** Records where an execution now is; `done` (or an inactive status) takes it out of the index. */
  update(
    execution: { id: string; mode: ExecutionMode; type: ExecutionType; startSequence: number; status: PipelineExecutionStatus },
    position: ExecutionPosition,
  ): void {
    if (position.kind === 'done' || !isActive(execution.status)) {
      this.active.delete(execution.id);
      return;
    }
    this.active.set(execution.id, { mode: execution.mode, type: execution.type, startSequence: execution.startSequence, position });
  }

  /** The execution holding the stage's lock: inside it, not in PARALLEL mode. */
  lockHolder(stageName: string): string | undefined {
    for (const [id, entry] of this.active) {
      if (entry.mode !== 'PARALLEL' && entry.position.kind === 'in-stage' && entry.position.stageName === stageName) return id;
    }
    return undefined;
  }

  /** Any execution inside the stage, whatever its mode. */
  inside(stageName: string): string | undefined {
    for (const [id, entry] of this.active) {
      if (entry.position.kind === 'in-stage' && entry.position.stageName === stageName) return id;
    }
    return undefined;
  }

  /** The executions waiting in front of the stage, in arrival order. */
  inbound(stageName: string): WaitingExecution[] {
    const waiting: WaitingExecution[] = [];
    for (const [id, entry] of this.active) {
      if (entry.position.kind === 'waiting' && entry.position.stageName === stageName) {
        waiting.push({ id, mode: entry.mode, type: entry.type, arrival: entry.position.arrival });
      }
    }
    return waiting.sort((a, b) => a.arrival - b.arrival);
  }

  waitingIds(): string[] {
    return [...this.active].filter(([, entry]) => entry.position.kind === 'waiting').map(([id]) => id);
  }
}
