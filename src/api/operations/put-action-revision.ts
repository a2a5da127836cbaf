import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * A new revision of a source action, told by its owner: it starts an execution pinned to that revision
 * (trigger PutActionRevision) unless an execution already used it; `newRevision` says which.
 */
export const putActionRevision: Operation<wire.PutActionRevisionInput, wire.PutActionRevisionOutput> = async (input, context) => {
  return context.services.changeDetection.putActionRevision({
    pipelineName: input.pipelineName,
    stageName: input.stageName,
    actionName: input.actionName,
    revisionId: input.actionRevision.revisionId,
    principalArn: context.principal.arn,
  });
};
