import { toEpochSeconds } from '../../core/clock.js';
import type { ActionRunRecord } from '../../core/contracts/store.js';
import type { ExecutionState } from '../../core/execution/state.js';
import type * as wire from '../wire/shapes.js';

/** An execution as GetPipelineExecution shows it. */
export function presentExecution(pipelineName: string, execution: ExecutionState): wire.PipelineExecution {
  return {
    pipelineName,
    pipelineVersion: execution.pipelineVersion,
    pipelineExecutionId: execution.id,
    status: execution.status,
    ...(execution.statusSummary !== undefined ? { statusSummary: execution.statusSummary } : {}),
    artifactRevisions: Object.entries(execution.artifactRevisions).map(([name, revision]) => ({
      name,
      revisionId: revision.revisionId,
      ...(revision.revisionChangeIdentifier !== undefined ? { revisionChangeIdentifier: revision.revisionChangeIdentifier } : {}),
      ...(revision.revisionSummary !== undefined ? { revisionSummary: revision.revisionSummary } : {}),
      ...(revision.revisionUrl !== undefined ? { revisionUrl: revision.revisionUrl } : {}),
      ...(revision.created !== undefined ? { created: toEpochSeconds(revision.created) } : {}),
    })),
    variables: Object.entries(execution.variables).map(([name, resolvedValue]) => ({ name, resolvedValue })),
    trigger: presentTrigger(execution),
    executionMode: execution.mode,
    executionType: execution.type,
    ...(execution.rollback !== undefined ? { rollbackMetadata: { rollbackTargetPipelineExecutionId: execution.rollback.targetExecutionId } } : {}),
  };
}

/** An execution as ListPipelineExecutions shows it. */
export function presentExecutionSummary(execution: ExecutionState): wire.PipelineExecutionSummary {
  const sourceRevisions = new Map<string, wire.SourceRevision>();
  for (const revision of Object.values(execution.artifactRevisions)) {
    if (sourceRevisions.has(revision.actionName)) continue;
    sourceRevisions.set(revision.actionName, {
      actionName: revision.actionName,
      revisionId: revision.revisionId,
      ...(revision.revisionSummary !== undefined ? { revisionSummary: revision.revisionSummary } : {}),
      ...(revision.revisionUrl !== undefined ? { revisionUrl: revision.revisionUrl } : {}),
    });
  }
  return {
    pipelineExecutionId: execution.id,
    status: execution.status,
    ...(execution.statusSummary !== undefined ? { statusSummary: execution.statusSummary } : {}),
    startTime: toEpochSeconds(execution.startedAt),
    lastUpdateTime: toEpochSeconds(execution.updatedAt),
    sourceRevisions: [...sourceRevisions.values()],
    trigger: presentTrigger(execution),
    ...(execution.stop !== undefined ? { stopTrigger: execution.stop.reason !== undefined ? { reason: execution.stop.reason } : {} } : {}),
    executionMode: execution.mode,
    executionType: execution.type,
    ...(execution.rollback !== undefined ? { rollbackMetadata: { rollbackTargetPipelineExecutionId: execution.rollback.targetExecutionId } } : {}),
  };
}

function presentTrigger(execution: ExecutionState): wire.ExecutionTrigger {
  return {
    triggerType: execution.trigger.triggerType,
    ...(execution.trigger.triggerDetail !== undefined ? { triggerDetail: execution.trigger.triggerDetail } : {}),
  };
}

/** A run of an action as ListActionExecutions shows it. */
export function presentActionRun(run: ActionRunRecord): wire.ActionExecutionDetail {
  const document = run.document;
  const artifacts = (list: { name: string; bucket?: string; key?: string }[]): wire.ArtifactDetail[] =>
    list.map((artifact) => ({
      name: artifact.name,
      ...(artifact.bucket !== undefined && artifact.key !== undefined ? { s3location: { bucket: artifact.bucket, key: artifact.key } } : {}),
    }));
  // In PARALLEL mode the approval token is read from here (AWS puts it in externalExecutionId).
  const externalExecutionId = document.externalExecutionId ?? document.token;
  return {
    pipelineExecutionId: run.executionId,
    actionExecutionId: run.actionExecutionId,
    pipelineVersion: run.pipelineVersion,
    stageName: run.stageName,
    actionName: run.actionName,
    startTime: toEpochSeconds(run.startedAt),
    lastUpdateTime: toEpochSeconds(run.updatedAt),
    ...(document.updatedBy !== undefined ? { updatedBy: document.updatedBy } : {}),
    status: run.status as wire.ActionExecutionStatus,
    input: {
      actionTypeId: document.actionTypeId,
      configuration: document.configuration,
      ...(document.resolvedConfiguration !== undefined ? { resolvedConfiguration: document.resolvedConfiguration } : {}),
      ...(document.roleArn !== undefined ? { roleArn: document.roleArn } : {}),
      ...(document.region !== undefined ? { region: document.region } : {}),
      inputArtifacts: artifacts(document.inputArtifacts),
      ...(document.namespace !== undefined ? { namespace: document.namespace } : {}),
    },
    output: {
      outputArtifacts: artifacts(document.outputArtifacts),
      executionResult: {
        ...(externalExecutionId !== undefined ? { externalExecutionId } : {}),
        ...(document.summary !== undefined ? { externalExecutionSummary: document.summary } : {}),
        ...(document.externalExecutionUrl !== undefined ? { externalExecutionUrl: document.externalExecutionUrl } : {}),
        ...(document.errorDetails !== undefined ? { errorDetails: document.errorDetails } : {}),
      },
      ...(document.outputVariables !== undefined ? { outputVariables: document.outputVariables } : {}),
    },
  };
}
