import type { ConditionType } from './state.js';

/**
 * What the machine asks the world to do after its decision is stored. The engine performs effects only
 * after the decision committed, so a crash never leaves an effect without its decision.
 */
export type Effect =
  /** Start the work of an action (create its job). Approval actions need no work: they wait for people. */
  | { type: 'RunAction'; executionId: string; stageName: string; actionName: string; actionExecutionId: string }
  /** Stop the work of an action that was abandoned or timed out: kill its processes, drop its job. */
  | { type: 'CancelAction'; actionExecutionId: string; reason: 'abandoned' | 'timed-out' | 'cancelled' }
  /** Run a rule of a stage condition that needs work done (Commands, LambdaInvoke). */
  | { type: 'RunRule'; executionId: string; stageName: string; conditionType: ConditionType; ruleName: string; ruleExecutionId: string }
  /** Stop the work of a rule that was abandoned (override, stop) or timed out. */
  | { type: 'CancelRule'; ruleExecutionId: string }
  /** An approval is waiting: notify its NotificationArn target, if any. */
  | { type: 'ApprovalRequested'; executionId: string; stageName: string; actionName: string; token: string; expires: number };

/**
 * A state change worth telling the world about (EventBridge-style events, the console's live view).
 * `state` uses the values of CodePipeline's state-change events.
 */
export type StateChange =
  | { entity: 'pipeline'; executionId: string; state: PipelineChangeState; at: number }
  | { entity: 'stage'; executionId: string; stageName: string; state: StageChangeState; at: number }
  | { entity: 'action'; executionId: string; stageName: string; actionName: string; actionExecutionId: string; state: ActionChangeState; at: number };

export type PipelineChangeState = 'STARTED' | 'STOPPING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED' | 'SUPERSEDED' | 'CANCELED' | 'RESUMED';
export type StageChangeState = 'STARTED' | 'STOPPING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'RESUMED';
export type ActionChangeState = 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'ABANDONED' | 'CANCELED';
