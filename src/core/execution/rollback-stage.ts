import { PipewrightError } from '../errors/index.js';
import type { RollbackStage } from './events.js';
import { startRollback } from './rollback.js';
import { currentDeclaration, stageOf, type Step } from './step.js';

/**
 * RollbackStage: runs a stage again with the artifacts of an execution that succeeded in it on the
 * current pipeline version. Refused in PARALLEL mode, while the stage runs, for a target that did not
 * succeed in the stage, and once the pipeline's version changed since the target ran.
 */
export function rollbackStage(step: Step, event: RollbackStage): void {
  const { state, context } = step;
  const declaration = currentDeclaration(step);
  if (stageOf(declaration, event.stageName) === undefined) {
    throw new PipewrightError('StageNotFoundException', `Pipeline ${state.pipelineName} has no stage ${event.stageName}.`);
  }
  if ((declaration.executionMode ?? 'SUPERSEDED') === 'PARALLEL') {
    throw new PipewrightError('UnableToRollbackStageException', `Stage rollback is not available for pipelines in PARALLEL mode.`);
  }
  const target = event.target ?? state.executions[event.targetExecutionId];
  if (target === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${state.pipelineName} has no execution ${event.targetExecutionId}.`);
  }
  if (target.pipelineVersion !== step.declarations.current.version) {
    throw new PipewrightError(
      'UnableToRollbackStageException',
      `Execution ${target.id} ran on pipeline version ${target.pipelineVersion}; the pipeline is now at version ${step.declarations.current.version}.`,
    );
  }
  if (target.stages[event.stageName]?.status !== 'Succeeded') {
    throw new PipewrightError(
      'UnableToRollbackStageException',
      `Execution ${target.id} did not succeed in stage ${event.stageName}, so it cannot be a rollback target.`,
    );
  }
  const running = step.positions.inside(event.stageName);
  if (running !== undefined) {
    throw new PipewrightError('UnableToRollbackStageException', `Stage ${event.stageName} is running execution ${running}; roll back once it has finished.`);
  }
  if (step.positions.activeCount >= context.maxConcurrentExecutions) {
    throw new PipewrightError(
      'ConcurrentPipelineExecutionsLimitExceededException',
      `Pipeline ${state.pipelineName} already has ${context.maxConcurrentExecutions} executions in progress, the most allowed at once.`,
    );
  }
  startRollback(step, { stageName: event.stageName, trigger: 'ManualRollback', executionId: event.executionId, target, by: event.by });
}
