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
}

export type DraftExecution = Draft<ExecutionState>;

/** The declaration an execution runs on: the one it started with (PARALLEL) or the current one. */
export function declarationOf(state: Draft<PipelineState> | PipelineState, execution: { pipelineVersion: number }): PipelineDeclaration {
  if (execution.pipelineVersion === state.current.version) return state.current.declaration;
  const older = state.olderDeclarations[execution.pipelineVersion];
  if (older === undefined) throw new Error(`No declaration of version ${execution.pipelineVersion} of ${state.pipelineName} is loaded`);
  return older;
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
