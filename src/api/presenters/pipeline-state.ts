import { toEpochSeconds } from '../../core/clock.js';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { ActionDeclaration } from '../../core/declaration/types.js';
import { inboundExecutions } from '../../core/execution/locks.js';
import type { ActionExecutionState, PipelineState, TransitionState } from '../../core/execution/state.js';
import type * as wire from '../wire/shapes.js';
import { presentConditionSet } from './conditions.js';

/**
 * GetPipelineState: per stage of the current declaration, the execution that entered it last with its
 * action runs, the executions waiting in front of it, and its inbound transition. `entityUrl` is an
 * action's link from its type's entityUrlTemplate, if it has one.
 */
export function presentPipelineState(
  pipeline: PipelineRecord,
  state: PipelineState,
  entityUrl: (action: ActionDeclaration) => string | undefined = () => undefined,
): wire.GetPipelineStateOutput {
  return {
    pipelineName: pipeline.name,
    pipelineVersion: pipeline.version,
    created: toEpochSeconds(pipeline.created),
    updated: toEpochSeconds(pipeline.updated),
    stageStates: pipeline.declaration.stages.map((stage): wire.StageState => {
      const latestId = state.stageLatest[stage.name];
      const latest = latestId === undefined ? undefined : state.executions[latestId];
      const stageRun = latest?.stages[stage.name];
      const inbound = inboundExecutions(state, stage.name).map(
        (execution): wire.StageExecution => ({ pipelineExecutionId: execution.id, status: 'InProgress', type: execution.type }),
      );
      const newestInbound = inbound.at(-1);
      return {
        stageName: stage.name,
        ...(newestInbound !== undefined ? { inboundExecution: newestInbound } : {}),
        inboundExecutions: inbound,
        inboundTransitionState: presentTransition(state.transitions[stage.name]?.inbound),
        actionStates: stage.actions.map((action): wire.ActionState => {
          const run = stageRun?.actions[action.name];
          const link = entityUrl(action);
          return {
            actionName: action.name,
            ...(link !== undefined ? { entityUrl: link } : {}),
            ...(run?.revision !== undefined
              ? {
                  currentRevision: {
                    revisionId: run.revision.revisionId,
                    revisionChangeId: run.revision.revisionChangeIdentifier ?? run.revision.revisionId,
                    created: toEpochSeconds(run.revision.created ?? run.updatedAt),
                  },
                  ...(run.revision.revisionUrl !== undefined ? { revisionUrl: run.revision.revisionUrl } : {}),
                }
              : {}),
            ...(run !== undefined ? { latestExecution: presentActionRun(run) } : {}),
          };
        }),
        ...(latest !== undefined && stageRun !== undefined
          ? {
              latestExecution: { pipelineExecutionId: latest.id, status: stageRun.status, type: latest.type },
              ...(stageRun.conditions?.beforeEntry !== undefined ? { beforeEntryConditionState: presentConditionSet(stageRun.conditions.beforeEntry) } : {}),
              ...(stageRun.conditions?.onSuccess !== undefined ? { onSuccessConditionState: presentConditionSet(stageRun.conditions.onSuccess) } : {}),
              ...(stageRun.conditions?.onFailure !== undefined ? { onFailureConditionState: presentConditionSet(stageRun.conditions.onFailure) } : {}),
              retryStageMetadata: {
                autoStageRetryAttempt: stageRun.retry.autoStageRetryAttempt,
                manualStageRetryAttempt: stageRun.retry.manualStageRetryAttempt,
                ...(stageRun.retry.latestRetryTrigger !== undefined ? { latestRetryTrigger: stageRun.retry.latestRetryTrigger } : {}),
              },
            }
          : {}),
      };
    }),
  };
}

function presentTransition(transition: TransitionState | undefined): wire.TransitionState {
  if (transition === undefined) return { enabled: true };
  return {
    enabled: transition.enabled,
    ...(transition.lastChangedBy !== undefined ? { lastChangedBy: transition.lastChangedBy } : {}),
    ...(transition.lastChangedAt !== undefined ? { lastChangedAt: toEpochSeconds(transition.lastChangedAt) } : {}),
    ...(transition.disabledReason !== undefined ? { disabledReason: transition.disabledReason } : {}),
  };
}

function presentActionRun(run: ActionExecutionState): wire.ActionExecution {
  return {
    actionExecutionId: run.actionExecutionId,
    status: run.status,
    lastStatusChange: toEpochSeconds(run.updatedAt),
    ...(run.summary !== undefined ? { summary: run.summary } : {}),
    ...(run.status === 'InProgress' && run.token !== undefined ? { token: run.token } : {}),
    ...(run.updatedBy !== undefined ? { lastUpdatedBy: run.updatedBy } : {}),
    ...(run.externalExecutionId !== undefined ? { externalExecutionId: run.externalExecutionId } : {}),
    ...(run.externalExecutionUrl !== undefined ? { externalExecutionUrl: run.externalExecutionUrl } : {}),
    ...(run.percentComplete !== undefined ? { percentComplete: run.percentComplete } : {}),
    ...(run.errorDetails !== undefined ? { errorDetails: run.errorDetails } : {}),
  };
}
