import type { StoreOperations } from '../../core/contracts/store.js';
import type { ExecutionState } from '../../core/execution/state.js';

/** How far back "already used" looks: executions of a pipeline, newest first. */
export const usedRevisionLookback = 50;

/**
 * The latest execution that used `revision` for the source action: it checked it out
 * (artifactRevisions) or was started pinned to it (sourceRevisions, which covers executions whose
 * source has not run yet). Change detection starts nothing for a revision an execution already has,
 * whoever started that one (a poll before a restart, a PutActionRevision, a manual release).
 */
export async function executionUsing(
  store: Pick<StoreOperations, 'listExecutions'>,
  pipelineName: string,
  actionName: string,
  revision: string,
): Promise<string | undefined> {
  const records = await store.listExecutions(pipelineName, { limit: usedRevisionLookback });
  return records.find((record) => uses(record.execution, actionName, revision))?.execution.id;
}

function uses(execution: ExecutionState, actionName: string, revision: string): boolean {
  const checkedOut = Object.values(execution.artifactRevisions).some((artifact) => artifact.actionName === actionName && artifact.revisionId === revision);
  const pinned = execution.sourceRevisionOverrides.some(
    // An S3_OBJECT_KEY override names a key, not a revision.
    (override) => override.actionName === actionName && override.revisionType !== 'S3_OBJECT_KEY' && override.revisionValue === revision,
  );
  return checkedOut || pinned;
}
