import { toEpochSeconds } from '../../core/clock.js';
import type { RuleRunRecord } from '../../core/contracts/store.js';
import type { ConditionSetRun } from '../../core/execution/state.js';
import type * as wire from '../wire/shapes.js';

/** A stage's condition set as GetPipelineState shows it: its status, and each condition's rule states. */
export function presentConditionSet(set: ConditionSetRun): wire.StageConditionState {
  return {
    latestExecution: { status: set.status, ...(set.summary !== undefined ? { summary: set.summary } : {}) },
    conditionStates: set.conditions.map((condition) => ({
      latestExecution: {
        status: condition.status,
        ...(condition.summary !== undefined ? { summary: condition.summary } : {}),
        lastStatusChange: toEpochSeconds(set.updatedAt),
      },
      ruleStates: Object.entries(condition.rules).map(([ruleName, run]) => ({
        ruleName,
        latestExecution: {
          ruleExecutionId: run.ruleExecutionId,
          status: run.status,
          lastStatusChange: toEpochSeconds(run.updatedAt),
          ...(run.summary !== undefined ? { summary: run.summary } : {}),
          ...(run.updatedBy !== undefined ? { lastUpdatedBy: run.updatedBy } : {}),
          ...(run.externalExecutionId !== undefined ? { externalExecutionId: run.externalExecutionId } : {}),
          ...(run.externalExecutionUrl !== undefined ? { externalExecutionUrl: run.externalExecutionUrl } : {}),
          ...(run.errorDetails !== undefined ? { errorDetails: run.errorDetails } : {}),
        },
      })),
    })),
  };
}

/** A rule run as ListRuleExecutions shows it. */
export function presentRuleRun(run: RuleRunRecord): wire.RuleExecutionDetail {
  const document = run.document;
  return {
    pipelineExecutionId: run.executionId,
    ruleExecutionId: run.ruleExecutionId,
    pipelineVersion: run.pipelineVersion,
    stageName: run.stageName,
    ruleName: run.ruleName,
    startTime: toEpochSeconds(run.startedAt),
    lastUpdateTime: toEpochSeconds(run.updatedAt),
    ...(document.updatedBy !== undefined ? { updatedBy: document.updatedBy } : {}),
    status: run.status as wire.RuleExecutionStatus,
    input: {
      ruleTypeId: document.ruleTypeId,
      configuration: document.configuration,
      ...(document.resolvedConfiguration !== undefined ? { resolvedConfiguration: document.resolvedConfiguration } : {}),
      ...(document.roleArn !== undefined ? { roleArn: document.roleArn } : {}),
      ...(document.region !== undefined ? { region: document.region } : {}),
      inputArtifacts: document.inputArtifacts.map((artifact) => ({
        name: artifact.name,
        ...(artifact.bucket !== undefined && artifact.key !== undefined ? { s3location: { bucket: artifact.bucket, key: artifact.key } } : {}),
      })),
    },
    output: {
      executionResult: {
        ...(document.externalExecutionId !== undefined ? { externalExecutionId: document.externalExecutionId } : {}),
        ...(document.summary !== undefined ? { externalExecutionSummary: document.summary } : {}),
        ...(document.externalExecutionUrl !== undefined ? { externalExecutionUrl: document.externalExecutionUrl } : {}),
        ...(document.errorDetails !== undefined ? { errorDetails: document.errorDetails } : {}),
      },
    },
  };
}
