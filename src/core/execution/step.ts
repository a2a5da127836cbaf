import type { Draft } from 'immer';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '../declaration/types.js';
import { runOrderOf } from '../declaration/types.js';
import type { DecideContext } from './context.js';
import type { Effect, StateChange } from './effects.js';
import type { Positions } from './positions.js';
import type { ExecutionPosition, ExecutionState, PipelineState } from './state.js';

/** One decision in the making: the draft of the next state, and what the decision asks and tells. */
export interface Step {
  state: Draft<PipelineState>;
  context: DecideContext;
  effects: Effect[];
  changes: StateChange[];
  /** Where the active executions are (kept in step by `moveTo`). */
  positions: Positions;
  /** The executions this decision changed: the ones settle looks at, besides those waiting. */
  touched: Set<string>;
  /** The declarations, read from here rather than through the draft (see Declarations). */
  declarations: Declarations;
}

/**
 * The declarations executions run on, as the plain values they are. Read through the draft, every object
 * of a declaration a decision looks at (the stage, its actions, their list) would be drafted and copied,
 * for a value decisions never change: that was most of the cost of deciding. A new version
 * (pipeline-updated.ts) changes both the state and this.
 */
export interface Declarations {
  current: { version: number; declaration: PipelineDeclaration };
  older: Readonly<Record<number, PipelineDeclaration>>;
}

export type DraftExecution = Draft<ExecutionState>;

/** The declaration an execution runs on: the one it started with (PARALLEL) or the current one. */
export function declarationOf(step: Step, execution: { pipelineVersion: number }): PipelineDeclaration {
  const { current, older } = step.declarations;
  if (execution.pipelineVersion === current.version) return current.declaration;
  const declaration = older[execution.pipelineVersion];
  if (declaration === undefined) throw new Error(`No declaration of version ${execution.pipelineVersion} of ${step.state.pipelineName} is loaded`);
  return declaration;
}

/** The current declaration: the one new executions start on. */
export function currentDeclaration(step: Step): PipelineDeclaration {
  return step.declarations.current.declaration;
}

export function stageOf(declaration: PipelineDeclaration, stageName: string): StageDeclaration | undefined {
  return declaration.stages.find((stage) => stage.name === stageName);
}

export function stageIndexOf(declaration: PipelineDeclaration, stageName: string): number {
  return declaration.stages.findIndex((stage) => stage.name === stageName);
}

/** The runOrder groups of a stage, lowest first, each with its actions. */
export function runOrderGroups(stage: StageDeclaration): { runOrder: number; actions: ActionDeclaration[] }[] {
  const groups = new Map<number, ActionDeclaration[]>();
  for (const action of stage.actions) {
    const runOrder = runOrderOf(action);
    const group = groups.get(runOrder);
    if (group === undefined) groups.set(runOrder, [action]);
    else group.push(action);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([runOrder, actions]) => ({ runOrder, actions }));
}

export function nextSequence(step: Step): number {
  step.state.sequence += 1;
  return step.state.sequence;
}

export function touch(step: Step, execution: DraftExecution): void {
  execution.updatedAt = step.context.now;
  step.touched.add(execution.id);
}

/** Every change of where an execution is goes through here, so that the positions index stays true. */
export function moveTo(step: Step, execution: DraftExecution, position: ExecutionPosition): void {
  execution.position = position;
  step.positions.update(execution, position);
  touch(step, execution);
}
