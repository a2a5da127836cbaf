import type { ExecutionMode } from '../declaration/types.js';
import { isActive, type ExecutionType, type PipelineExecutionStatus } from './statuses.js';
import type { ExecutionPosition, PipelineState } from './state.js';

/**
 * Where every active execution is, indexed for decisions: who holds each stage's lock and who waits
 * in front of it, in arrival order. Kept in step with every move, because all position changes go
 * through `moveTo` in step.ts, and indexed by stage, so that a decision about one execution costs the
 * same with 1 or 100 executions in flight. A plain value: whoever decides may keep it between decisions
 * (the engine does, engine/positions-kept.ts).
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
  /** Per stage, the executions inside it and those waiting in front of it. */
  private readonly insideStage = new Map<string, Set<string>>();
  private readonly waitingAt = new Map<string, Set<string>>();

  /** The index of `state`, built by walking every execution (see decideAll for how it can be kept). */
  static of(state: PipelineState): Positions {
    const positions = new Positions();
    for (const execution of Object.values(state.executions)) positions.update(execution, execution.position);
    return positions;
  }

  get activeCount(): number {
    return this.active.size;
  }

  startSequenceOf(id: string): number {
    return this.active.get(id)?.startSequence ?? Number.POSITIVE_INFINITY;
  }

  /** Records where an execution now is; `done` (or an inactive status) takes it out of the index. */
  update(
    execution: { id: string; mode: ExecutionMode; type: ExecutionType; startSequence: number; status: PipelineExecutionStatus },
    position: ExecutionPosition,
  ): void {
    const before = this.active.get(execution.id);
    if (before !== undefined) this.remove(execution.id, before.position);
    if (position.kind === 'done' || !isActive(execution.status)) return;
    this.active.set(execution.id, { mode: execution.mode, type: execution.type, startSequence: execution.startSequence, position });
    const byStage = position.kind === 'waiting' ? this.waitingAt : this.insideStage;
    const ids = byStage.get(position.stageName);
    if (ids === undefined) byStage.set(position.stageName, new Set([execution.id]));
    else ids.add(execution.id);
  }

  /** The execution holding the stage's lock: inside it, not in PARALLEL mode. */
  lockHolder(stageName: string): string | undefined {
    for (const id of this.insideStage.get(stageName) ?? []) {
      if (this.active.get(id)?.mode !== 'PARALLEL') return id;
    }
    return undefined;
  }

  /** Any execution inside the stage, whatever its mode. */
  inside(stageName: string): string | undefined {
    for (const id of this.insideStage.get(stageName) ?? []) return id;
    return undefined;
  }

  /** The executions waiting in front of the stage, in arrival order. */
  inbound(stageName: string): WaitingExecution[] {
    const waiting: WaitingExecution[] = [];
    for (const id of this.waitingAt.get(stageName) ?? []) {
      const entry = this.active.get(id);
      if (entry?.position.kind === 'waiting') waiting.push({ id, mode: entry.mode, type: entry.type, arrival: entry.position.arrival });
    }
    return waiting.sort((a, b) => a.arrival - b.arrival);
  }

  /** The executions waiting in front of any stage (a copy: moving them changes the index). */
  waitingIds(): string[] {
    const ids: string[] = [];
    for (const waiting of this.waitingAt.values()) ids.push(...waiting);
    return ids;
  }

  private remove(id: string, position: ExecutionPosition): void {
    this.active.delete(id);
    if (position.kind === 'done') return;
    const byStage = position.kind === 'waiting' ? this.waitingAt : this.insideStage;
    const ids = byStage.get(position.stageName);
    ids?.delete(id);
    if (ids?.size === 0) byStage.delete(position.stageName);
  }
}
