import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { actionLabel, capitalised, firstDuplicate, stageLabel } from './declaration-walk.js';
import type { StageDeclaration } from './types.js';

/** Blockers are "reserved for future use" in CodePipeline's model: declaring one is refused. */
export function checkBlockers(stages: readonly StageDeclaration[]): void {
  const stage = stages.find((candidate) => (candidate.blockers ?? []).length > 0);
  if (stage !== undefined) {
    throw new PipewrightError(
      'InvalidBlockerDeclarationException',
      `${capitalised(stageLabel(stage))} declares blockers; blockers are reserved for future use and cannot be declared.`,
    );
  }
}

/** Each stage: 1–50 actions with names unique in the stage and runOrders within 1–999. */
export function checkStage(stage: StageDeclaration): void {
  if (stage.actions.length === 0) {
    throw new PipewrightError('InvalidStageDeclarationException', `${capitalised(stageLabel(stage))} has no actions; a stage needs at least one.`);
  }
  if (stage.actions.length > limits.maxActionsPerStage) {
    throw new PipewrightError(
      'InvalidStageDeclarationException',
      `${capitalised(stageLabel(stage))} has ${stage.actions.length} actions; a stage can have at most ${limits.maxActionsPerStage}.`,
    );
  }
  const duplicate = firstDuplicate(stage.actions.map((action) => action.name));
  if (duplicate !== undefined) {
    throw new PipewrightError(
      'InvalidStageDeclarationException',
      `${capitalised(stageLabel(stage))} has more than one action named '${duplicate}'; action names must be unique within a stage.`,
    );
  }
  for (const action of stage.actions) {
    if (action.runOrder !== undefined && (action.runOrder < limits.minRunOrder || action.runOrder > limits.maxRunOrder)) {
      throw new PipewrightError(
        'ValidationException',
        `The runOrder ${action.runOrder} of ${actionLabel({ stage, action })} is out of range; it must be between ${limits.minRunOrder} and ${limits.maxRunOrder}.`,
      );
    }
  }
}
