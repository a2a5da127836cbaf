import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { actionLabel, firstDuplicate, stageLabel } from './declaration-walk.js';
import type { PipelineDeclaration } from './types.js';

/**
 * The shape of the pipeline as a whole (user guide, "Pipeline and stage structure requirements"):
 * 2–50 stages with unique names and at most 500 actions.
 */
export function checkStructure(declaration: PipelineDeclaration): void {
  const { stages, name } = declaration;
  if (stages.length < limits.minStages) {
    throw new PipewrightError(
      'InvalidStructureException',
      `Pipeline ${name} has only ${stages.length} stage(s). There should be a minimum of ${limits.minStages} stages.`,
    );
  }
  if (stages.length > limits.maxStages) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${name} has ${stages.length} stages; at most ${limits.maxStages} are allowed.`);
  }
  const duplicateStage = firstDuplicate(stages.map((stage) => stage.name));
  if (duplicateStage !== undefined) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${name} has more than one stage named '${duplicateStage}'; stage names must be unique.`);
  }
  const actionCount = stages.reduce((sum, stage) => sum + stage.actions.length, 0);
  if (actionCount > limits.maxActionsPerPipeline) {
    throw new PipewrightError(
      'LimitExceededException',
      `Pipeline ${name} declares ${actionCount} actions; a pipeline can have at most ${limits.maxActionsPerPipeline}.`,
    );
  }
}

/**
 * Source actions in the first stage and only there. With at least two stages of at least one action
 * each, this also gives AWS's "at least one stage with a non-source action" (and keeps approvals out
 * of the first stage).
 */
export function checkSourcePlacement(declaration: PipelineDeclaration): void {
  const [first, ...rest] = declaration.stages;
  if (first === undefined) return;
  if (!first.actions.some((action) => action.actionTypeId.category === 'Source')) {
    throw new PipewrightError('InvalidStructureException', `The first stage of a pipeline, ${stageLabel(first)}, must contain at least one source action.`);
  }
  const nonSource = first.actions.find((action) => action.actionTypeId.category !== 'Source');
  if (nonSource !== undefined) {
    throw new PipewrightError(
      'InvalidStructureException',
      `The first stage of a pipeline may contain only source actions; ${actionLabel({ stage: first, action: nonSource })} has category ${nonSource.actionTypeId.category}.`,
    );
  }
  for (const stage of rest) {
    const source = stage.actions.find((action) => action.actionTypeId.category === 'Source');
    if (source !== undefined) {
      throw new PipewrightError(
        'InvalidStructureException',
        `Source actions may only occur in the first stage; ${actionLabel({ stage, action: source })} is a source action.`,
      );
    }
  }
}
