import type { StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { executionUsing } from './revision-history.js';
import { sourceActionsOf } from './source-actions.js';
import { pinFor, type ExecutionStarter } from './start-detected.js';

export interface ActionRevisionInput {
  pipelineName: string;
  stageName: string;
  actionName: string;
  revisionId: string;
  /** Who calls (the trigger's detail). */
  principalArn: string;
}

/**
 * PutActionRevision: a new revision of a source action, told by its owner. A revision no recent
 * execution has used starts one, trigger PutActionRevision, pinned to it (`newRevision` true); one
 * already used starts nothing and answers with the execution that has it (`newRevision` false).
 * Revisions pin by the action's type: a commit (CodeCommit, connections, GitHub), an object version
 * (S3), an image digest (ECR); an action whose revisions cannot be pinned is refused.
 */
export async function putActionRevision(
  deps: { store: Pick<StoreOperations, 'getPipeline' | 'listExecutions'>; starter: ExecutionStarter },
  input: ActionRevisionInput,
): Promise<{ newRevision: boolean; pipelineExecutionId: string }> {
  const { pipelineName, stageName, actionName, revisionId } = input;
  const pipeline = await deps.store.getPipeline(pipelineName);
  if (pipeline === undefined) throw new PipewrightError('PipelineNotFoundException', `No pipeline named ${pipelineName}.`);
  const stage = pipeline.declaration.stages.find((candidate) => candidate.name === stageName);
  if (stage === undefined) throw new PipewrightError('StageNotFoundException', `Pipeline ${pipelineName} has no stage ${stageName}.`);
  if (!stage.actions.some((action) => action.name === actionName)) {
    throw new PipewrightError('ActionNotFoundException', `Stage ${stageName} of pipeline ${pipelineName} has no action ${actionName}.`);
  }
  const source = sourceActionsOf(pipeline.declaration).find((candidate) => candidate.action.name === actionName);
  if (source === undefined || pipeline.declaration.stages[0]?.name !== stageName) {
    throw new PipewrightError('ValidationException', `Action ${actionName} of stage ${stageName} is not a source action: only source actions take revisions.`);
  }
  if (source.revisionType === undefined) {
    const { owner, provider } = source.action.actionTypeId;
    throw new PipewrightError(
      'ValidationException',
      `Source action ${actionName} (${owner}/${provider}) cannot be pinned to a revision: PutActionRevision takes CodeCommit, CodeStarSourceConnection, GitHub, S3 and ECR source actions.`,
    );
  }
  const used = await executionUsing(deps.store, pipelineName, actionName, revisionId);
  if (used !== undefined) return { newRevision: false, pipelineExecutionId: used };
  const pipelineExecutionId = await deps.starter.startExecution(pipelineName, {
    trigger: { triggerType: 'PutActionRevision', triggerDetail: input.principalArn },
    sourceRevisions: pinFor(source, revisionId),
  });
  return { newRevision: true, pipelineExecutionId };
}
