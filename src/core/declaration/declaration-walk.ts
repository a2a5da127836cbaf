import { runOrderOf, type ActionDeclaration, type PipelineDeclaration, type StageDeclaration } from './types.js';

/**
 * One action with where it sits: the stage it belongs to and the position that decides what runs
 * before it. Validation rules reason about "earlier" actions through these positions only.
 */
export interface PlacedAction {
  stage: StageDeclaration;
  stageIndex: number;
  action: ActionDeclaration;
  runOrder: number;
}

export function placedActions(declaration: PipelineDeclaration): PlacedAction[] {
  return declaration.stages.flatMap((stage, stageIndex) =>
    stage.actions.map((action) => ({ stage, stageIndex, action, runOrder: runOrderOf(action) })),
  );
}

/**
 * Whether `producer` is guaranteed to have finished before `consumer` starts: it sits in an earlier
 * stage, or in the same stage with a lower runOrder (equal runOrders run in parallel).
 */
export function runsBefore(producer: Pick<PlacedAction, 'stageIndex' | 'runOrder'>, consumer: Pick<PlacedAction, 'stageIndex' | 'runOrder'>): boolean {
  return producer.stageIndex < consumer.stageIndex || (producer.stageIndex === consumer.stageIndex && producer.runOrder < consumer.runOrder);
}

/** How messages name an action: `action 'Compile' in stage 'Build'`. */
export function actionLabel(placed: { stage: StageDeclaration; action: ActionDeclaration }): string {
  return `action '${placed.action.name}' in stage '${placed.stage.name}'`;
}

export function stageLabel(stage: StageDeclaration): string {
  return `stage '${stage.name}'`;
}

/** The first value that occurs twice, if any. */
export function firstDuplicate<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
