import type { ConditionDeclaration, RuleDeclaration, StageDeclaration } from './types.js';

/** The three places a stage declares conditions, with the results AWS lets each engage. */
export const conditionKinds = {
  beforeEntry: { results: ['FAIL', 'SKIP'], resultRequired: true },
  onSuccess: { results: ['ROLLBACK', 'FAIL'], resultRequired: true },
  onFailure: { results: ['ROLLBACK'], resultRequired: false },
} as const;
export type ConditionKind = keyof typeof conditionKinds;

export interface PlacedCondition {
  stage: StageDeclaration;
  stageIndex: number;
  kind: ConditionKind;
  condition: ConditionDeclaration;
}

export interface PlacedRule extends PlacedCondition {
  rule: RuleDeclaration;
}

export function placedConditions(stages: readonly StageDeclaration[]): PlacedCondition[] {
  return stages.flatMap((stage, stageIndex) =>
    (Object.keys(conditionKinds) as ConditionKind[]).flatMap((kind) =>
      (stage[kind]?.conditions ?? []).map((condition) => ({ stage, stageIndex, kind, condition })),
    ),
  );
}

export function placedRules(stages: readonly StageDeclaration[]): PlacedRule[] {
  return placedConditions(stages).flatMap((placed) => (placed.condition.rules ?? []).map((rule) => ({ ...placed, rule })));
}

/** How messages name a rule: `rule 'Window' of the beforeEntry condition of stage 'Deploy'`. */
export function ruleLabel(placed: PlacedRule): string {
  return `rule '${placed.rule.name}' of the ${placed.kind} condition of stage '${placed.stage.name}'`;
}

/**
 * The stages whose actions have run when a condition is evaluated: the earlier stages before entry,
 * the stage itself too once it has succeeded or failed.
 */
export function lastStageVisibleTo(placed: Pick<PlacedCondition, 'kind' | 'stageIndex'>): number {
  return placed.kind === 'beforeEntry' ? placed.stageIndex - 1 : placed.stageIndex;
}
