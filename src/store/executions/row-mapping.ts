import type { ActionRunRecord, ExecutionRecord, RuleRunRecord } from '../../core/contracts/store.js';
import { isActive } from '../../core/execution/statuses.js';
import type { ExecutionState } from '../../core/execution/state.js';
import type { ActionRunsTable, ExecutionsTable, RuleRunsTable } from '../schema.js';

export function executionRow(record: ExecutionRecord): ExecutionsTable {
  const { execution } = record;
  const succeeded = Object.entries(execution.stages)
    .filter(([, stage]) => stage.status === 'Succeeded')
    .map(([name]) => name);
  return {
    pipeline_name: record.pipelineName,
    id: execution.id,
    start_sequence: execution.startSequence,
    pipeline_version: execution.pipelineVersion,
    status: execution.status,
    active: isActive(execution.status) ? 1 : 0,
    execution_mode: execution.mode,
    execution_type: execution.type,
    trigger_type: execution.trigger.triggerType,
    client_request_token: record.clientRequestToken ?? null,
    succeeded_stages: `,${succeeded.join(',')},`,
    started: execution.startedAt,
    updated: execution.updatedAt,
    document: JSON.stringify(execution),
  };
}

export function executionRecord(row: Pick<ExecutionsTable, 'pipeline_name' | 'client_request_token' | 'document'>): ExecutionRecord {
  return {
    pipelineName: row.pipeline_name,
    execution: JSON.parse(row.document) as ExecutionState,
    ...(row.client_request_token !== null ? { clientRequestToken: row.client_request_token } : {}),
  };
}

export function actionRunRow(record: ActionRunRecord): ActionRunsTable {
  return {
    pipeline_name: record.pipelineName,
    action_execution_id: record.actionExecutionId,
    execution_id: record.executionId,
    pipeline_version: record.pipelineVersion,
    stage_name: record.stageName,
    action_name: record.actionName,
    status: record.status,
    started: record.startedAt,
    updated: record.updatedAt,
    document: JSON.stringify(record.document),
  };
}

export function actionRunRecord(row: ActionRunsTable): ActionRunRecord {
  return {
    pipelineName: row.pipeline_name,
    executionId: row.execution_id,
    pipelineVersion: row.pipeline_version,
    stageName: row.stage_name,
    actionName: row.action_name,
    actionExecutionId: row.action_execution_id,
    status: row.status,
    startedAt: row.started,
    updatedAt: row.updated,
    document: JSON.parse(row.document) as ActionRunRecord['document'],
  };
}

export function ruleRunRow(record: RuleRunRecord): RuleRunsTable {
  return {
    pipeline_name: record.pipelineName,
    rule_execution_id: record.ruleExecutionId,
    execution_id: record.executionId,
    pipeline_version: record.pipelineVersion,
    stage_name: record.stageName,
    condition_type: record.conditionType,
    rule_name: record.ruleName,
    status: record.status,
    started: record.startedAt,
    updated: record.updatedAt,
    document: JSON.stringify(record.document),
  };
}

export function ruleRunRecord(row: RuleRunsTable): RuleRunRecord {
  return {
    pipelineName: row.pipeline_name,
    executionId: row.execution_id,
    pipelineVersion: row.pipeline_version,
    stageName: row.stage_name,
    conditionType: row.condition_type as RuleRunRecord['conditionType'],
    ruleName: row.rule_name,
    ruleExecutionId: row.rule_execution_id,
    status: row.status,
    startedAt: row.started,
    updatedAt: row.updated,
    document: JSON.parse(row.document) as RuleRunRecord['document'],
  };
}
