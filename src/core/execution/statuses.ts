/** The status enums of CodePipeline's API, exactly as they appear on the wire. */

export const pipelineExecutionStatuses = ['Cancelled', 'InProgress', 'Stopped', 'Stopping', 'Succeeded', 'Superseded', 'Failed'] as const;
export type PipelineExecutionStatus = (typeof pipelineExecutionStatuses)[number];

export const stageExecutionStatuses = ['Cancelled', 'InProgress', 'Failed', 'Stopped', 'Stopping', 'Succeeded', 'Skipped'] as const;
export type StageExecutionStatus = (typeof stageExecutionStatuses)[number];

export const actionExecutionStatuses = ['InProgress', 'Abandoned', 'Succeeded', 'Failed'] as const;
export type ActionExecutionStatus = (typeof actionExecutionStatuses)[number];

export const conditionStatuses = ['InProgress', 'Failed', 'Errored', 'Succeeded', 'Cancelled', 'Abandoned', 'Overridden'] as const;
export type ConditionStatus = (typeof conditionStatuses)[number];

export const ruleExecutionStatuses = ['InProgress', 'Abandoned', 'Succeeded', 'Failed'] as const;
export type RuleExecutionStatus = (typeof ruleExecutionStatuses)[number];

export const triggerTypes = [
  'CreatePipeline',
  'StartPipelineExecution',
  'PollForSourceChanges',
  'Webhook',
  'CloudWatchEvent',
  'PutActionRevision',
  'WebhookV2',
  'ManualRollback',
  'AutomatedRollback',
] as const;
export type TriggerType = (typeof triggerTypes)[number];

export type ExecutionType = 'STANDARD' | 'ROLLBACK';

/** An execution that can still change: it holds or waits for a stage. */
export function isActive(status: PipelineExecutionStatus): boolean {
  return status === 'InProgress' || status === 'Stopping';
}
