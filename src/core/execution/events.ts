import type { ArtifactRef } from '../contracts/artifact-store.js';
import type { FailureType, SourceRevision } from '../contracts/action-provider.js';
import type { BuildReport } from '../contracts/test-report.js';
import type { PipelineDeclaration, StageRetryMode } from '../declaration/types.js';
import type { ConditionType, ExecutionState, SourceRevisionOverride } from './state.js';
import type { TriggerType } from './statuses.js';

/**
 * What the machine decides on. Commands come from people and clients (start, stop, retry, transitions,
 * approvals) and may be refused with a CodePipeline exception; reports come from the work itself
 * (an action finished, time passed) and are never refused, only ignored when stale.
 */
export type EngineEvent =
  | StartExecution
  | StopExecution
  | RetryStage
  | SetTransition
  | AnswerApproval
  | PipelineUpdated
  | ActionSucceeded
  | ActionFailed
  | ActionProgress
  | RuleSucceeded
  | RuleFailed
  | OverrideCondition
  | RollbackStage
  | Tick;

export interface StartExecution {
  type: 'StartExecution';
  executionId: string;
  trigger: { triggerType: TriggerType; triggerDetail?: string };
  variables?: readonly { name: string; value: string }[];
  sourceRevisions?: readonly SourceRevisionOverride[];
}

export interface StopExecution {
  type: 'StopExecution';
  executionId: string;
  abandon: boolean;
  reason?: string;
}

export interface RetryStage {
  type: 'RetryStage';
  executionId: string;
  stageName: string;
  retryMode: StageRetryMode;
}

export interface SetTransition {
  type: 'SetTransition';
  stageName: string;
  transitionType: 'Inbound' | 'Outbound';
  enabled: boolean;
  reason?: string;
  by: string;
}

export interface AnswerApproval {
  type: 'AnswerApproval';
  stageName: string;
  actionName: string;
  token: string;
  status: 'Approved' | 'Rejected';
  summary?: string;
  by: string;
}

export interface PipelineUpdated {
  type: 'PipelineUpdated';
  version: number;
  declaration: PipelineDeclaration;
}

/** Identifies one run of one action: reports about an older run of the action are stale. */
export interface ActionRunKey {
  executionId: string;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
}

export interface ActionSucceeded extends ActionRunKey {
  type: 'ActionSucceeded';
  outputArtifacts?: Readonly<Record<string, ArtifactRef>>;
  outputVariables?: Readonly<Record<string, string>>;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  revision?: SourceRevision;
  reports?: readonly BuildReport[];
  by?: string;
}

export interface ActionFailed extends ActionRunKey {
  type: 'ActionFailed';
  failureType: FailureType | 'TimeoutError' | 'SystemError';
  message: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  reports?: readonly BuildReport[];
  by?: string;
}

export interface ActionProgress extends ActionRunKey {
  type: 'ActionProgress';
  summary?: string;
  percentComplete?: number;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
}

/** Identifies one run of one rule of a stage condition. */
export interface RuleRunKey {
  executionId: string;
  stageName: string;
  conditionType: ConditionType;
  ruleName: string;
  ruleExecutionId: string;
}

export interface RuleSucceeded extends RuleRunKey {
  type: 'RuleSucceeded';
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
}

export interface RuleFailed extends RuleRunKey {
  type: 'RuleFailed';
  failureType: FailureType | 'TimeoutError' | 'SystemError';
  message: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
}

/** OverrideStageCondition: a person lets the stage proceed past its entry or success conditions. */
export interface OverrideCondition {
  type: 'OverrideCondition';
  executionId: string;
  stageName: string;
  conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS';
  by: string;
}

/**
 * RollbackStage: a new ROLLBACK execution runs the stage again with the target's artifacts. The engine
 * loads the target from the store when the machine no longer holds it.
 */
export interface RollbackStage {
  type: 'RollbackStage';
  executionId: string;
  stageName: string;
  targetExecutionId: string;
  target?: ExecutionState;
  by: string;
}

/** Time passed: actions past their deadline time out. */
export interface Tick {
  type: 'Tick';
}
