import { pipelineArn, type Partition } from '../core/arn.js';
import type { NewEvent } from '../core/contracts/store.js';
import type { PipelineDeclaration } from '../core/declaration/types.js';
import type { StateChange } from '../core/execution/effects.js';
import type { PipelineState } from '../core/execution/state.js';

const detailTypes = {
  pipeline: 'CodePipeline Pipeline Execution State Change',
  stage: 'CodePipeline Stage Execution State Change',
  action: 'CodePipeline Action Execution State Change',
} as const;

/**
 * A state change as CodePipeline's EventBridge event (`source: aws.codepipeline`), appended to the event
 * log in the same transaction as the change itself.
 */
export function stateChangeEvent(change: StateChange, state: PipelineState, partition: Partition): NewEvent {
  const execution = state.executions[change.executionId];
  const version = execution?.pipelineVersion ?? state.current.version;
  const detail: Record<string, unknown> = {
    pipeline: state.pipelineName,
    'execution-id': change.executionId,
    state: change.state,
    version,
  };
  if (change.entity === 'pipeline') {
    if (change.state === 'STARTED' && execution !== undefined) {
      detail['execution-trigger'] = {
        'trigger-type': execution.trigger.triggerType,
        ...(execution.trigger.triggerDetail !== undefined ? { 'trigger-detail': execution.trigger.triggerDetail } : {}),
      };
    }
    if (change.state === 'STOPPING' && execution?.stop?.reason !== undefined) detail['stop-execution-comments'] = execution.stop.reason;
  }
  if (change.entity === 'stage' || change.entity === 'action') detail.stage = change.stageName;
  if (change.entity === 'action') {
    const declaration = declarationFor(state, version);
    const action = declaration?.stages.find((stage) => stage.name === change.stageName)?.actions.find((a) => a.name === change.actionName);
    const run = execution?.stages[change.stageName]?.actions[change.actionName];
    detail.action = change.actionName;
    detail['action-execution-id'] = change.actionExecutionId;
    detail.region = action?.region ?? partition.region;
    if (action !== undefined) {
      detail.type = { owner: action.actionTypeId.owner, category: action.actionTypeId.category, provider: action.actionTypeId.provider, version: action.actionTypeId.version };
      detail['input-artifacts'] = (action.inputArtifacts ?? []).map((input) => artifactDetail(input.name, execution?.artifacts[input.name]));
    }
    if (change.state === 'SUCCEEDED' && action !== undefined) {
      detail['output-artifacts'] = (action.outputArtifacts ?? []).map((output) => artifactDetail(output.name, run?.outputArtifacts?.[output.name]));
    }
    if (run !== undefined && (run.summary !== undefined || run.externalExecutionId !== undefined || run.errorDetails !== undefined)) {
      detail['execution-result'] = {
        ...(run.externalExecutionUrl !== undefined ? { 'external-execution-url': run.externalExecutionUrl } : {}),
        ...(run.summary !== undefined ? { 'external-execution-summary': run.summary } : {}),
        ...(run.externalExecutionId !== undefined ? { 'external-execution-id': run.externalExecutionId } : {}),
        ...(change.state === 'FAILED' && run.errorDetails !== undefined ? { 'error-code': run.errorDetails.code, 'error-message': run.errorDetails.message } : {}),
      };
    }
  }
  return {
    pipelineName: state.pipelineName,
    executionId: change.executionId,
    time: change.at,
    detailType: detailTypes[change.entity],
    detail: { ...detail, 'pipeline-arn': pipelineArn(partition, state.pipelineName) },
  };
}

function artifactDetail(name: string, ref: { bucket: string; key: string } | undefined): Record<string, unknown> {
  return { name, ...(ref !== undefined ? { s3location: { bucket: ref.bucket, key: ref.key } } : {}) };
}

function declarationFor(state: PipelineState, version: number): PipelineDeclaration | undefined {
  return version === state.current.version ? state.current.declaration : state.olderDeclarations[version];
}
