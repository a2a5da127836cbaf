import { castDraft } from 'immer';
import { arriveAt } from './stage-entry.js';
import type { ExecutionState } from './state.js';
import { nextSequence, type Step } from './step.js';

/**
 * A rollback (rule 17, rules.md): a new execution of type ROLLBACK that runs one stage again with the artifacts, variables
 * and source revisions of an execution that succeeded in it before. Automatic rollbacks target the last
 * execution that succeeded in the stage on the current pipeline version.
 */
export function startRollback(
  step: Step,
  request:
    | { stageName: string; trigger: 'AutomatedRollback'; failedExecutionId: string }
    | { stageName: string; trigger: 'ManualRollback'; executionId: string; target: ExecutionState; by: string },
): string | undefined {
  const { state, context } = step;
  const target = request.trigger === 'ManualRollback' ? request.target : state.executions[state.stageLastSucceeded[request.stageName] ?? ''];
  if (target === undefined) {
    if (request.trigger === 'AutomatedRollback') {
      const failed = state.executions[request.failedExecutionId];
      if (failed !== undefined) {
        failed.statusSummary = `${failed.statusSummary ?? ''} No earlier execution succeeded in stage ${request.stageName} on this pipeline version: nothing to roll back to.`.trim();
      }
    }
    return undefined;
  }
  const id = request.trigger === 'ManualRollback' ? request.executionId : context.newId();
  const execution: ExecutionState = {
    id,
    pipelineVersion: step.declarations.current.version,
    mode: target.mode,
    type: 'ROLLBACK',
    status: 'InProgress',
    trigger: { triggerType: request.trigger, triggerDetail: request.trigger === 'ManualRollback' ? request.by : request.failedExecutionId },
    startedAt: context.now,
    updatedAt: context.now,
    startSequence: nextSequence(step),
    position: { kind: 'done' },
    variables: target.variables,
    sourceRevisionOverrides: target.sourceRevisionOverrides,
    namespaces: target.namespaces,
    artifacts: target.artifacts,
    artifactRevisions: target.artifactRevisions,
    stages: {},
    rollback: { targetExecutionId: target.id, stageName: request.stageName },
  };
  state.executions[id] = castDraft(execution);
  step.changes.push({ entity: 'pipeline', executionId: id, state: 'STARTED', at: context.now });
  arriveAt(step, state.executions[id], request.stageName);
  return id;
}
