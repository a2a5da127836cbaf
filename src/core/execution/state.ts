import type { ArtifactRef } from '../contracts/artifact-store.js';
import type { SourceRevision } from '../contracts/action-provider.js';
import type { BuildReport } from '../contracts/test-report.js';
import type { EnvironmentVariableDeclaration, ExecutionMode, PipelineDeclaration, StageRetryMode } from '../declaration/types.js';
import type {
  ActionExecutionStatus,
  ConditionStatus,
  RuleExecutionStatus,
  ExecutionType,
  PipelineExecutionStatus,
  StageExecutionStatus,
  TriggerType,
} from './statuses.js';

/**
 * The state the pure machine decides on: everything about one pipeline's executions that a decision can
 * need. It is a plain, immutable value (structural sharing between versions), loaded from the store by
 * the engine and persisted back after each decision. All times are epoch milliseconds.
 *
 * Stage locks and inbound queues are not stored: they are derived from where each active execution is
 * (see ./locks.ts), so they can never disagree with the executions themselves.
 */
export interface PipelineState {
  pipelineName: string;
  /** The current declaration and its version: new executions start on it. */
  current: { version: number; declaration: PipelineDeclaration };
  /** Declarations of older versions that executions in flight still run on. */
  olderDeclarations: Readonly<Record<number, PipelineDeclaration>>;
  /** Per stage: the inbound and outbound transitions (enabled unless disabled by someone). */
  transitions: Readonly<Record<string, StageTransitions>>;
  /** Per stage: the execution that entered it last (GetPipelineState's stage latestExecution). */
  stageLatest: Readonly<Record<string, string>>;
  /** Per stage: the last execution that succeeded in it on the current version (the rollback target). */
  stageLastSucceeded: Readonly<Record<string, string>>;
  /** Arrival counter: each start and each arrival at a stage takes the next number. */
  sequence: number;
  /** Executions in flight, plus those that stageLatest points to (a failed one may still be retried). */
  executions: Readonly<Record<string, ExecutionState>>;
}

export interface StageTransitions {
  inbound: TransitionState;
  outbound: TransitionState;
}

export interface TransitionState {
  enabled: boolean;
  disabledReason?: string;
  lastChangedBy?: string;
  lastChangedAt?: number;
}

export interface ExecutionState {
  id: string;
  pipelineVersion: number;
  /** The mode the execution started in (a PARALLEL execution keeps its definition to the end). */
  mode: ExecutionMode;
  type: ExecutionType;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  trigger: { triggerType: TriggerType; triggerDetail?: string };
  startedAt: number;
  updatedAt: number;
  /** Start order within the pipeline. */
  startSequence: number;
  position: ExecutionPosition;
  /** Pipeline-level variables with their resolved values (defaults applied). */
  variables: Readonly<Record<string, string>>;
  /** sourceRevisions overrides of StartPipelineExecution, by source action name. */
  sourceRevisionOverrides: readonly SourceRevisionOverride[];
  /** Output variables of succeeded actions, by namespace. */
  namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Artifacts produced so far, by artifact name. */
  artifacts: Readonly<Record<string, ArtifactRef>>;
  /** What each source action checked out, by output artifact name (artifactRevisions). */
  artifactRevisions: Readonly<Record<string, SourceRevision & { actionName: string }>>;
  stages: Readonly<Record<string, StageExecutionState>>;
  stop?: { abandon: boolean; reason?: string; requestedAt: number };
  /** For a ROLLBACK execution: the execution whose artifacts it redeploys, and its only stage. */
  rollback?: { targetExecutionId: string; stageName: string };
}

export interface SourceRevisionOverride {
  actionName: string;
  revisionType: 'COMMIT_ID' | 'IMAGE_DIGEST' | 'S3_OBJECT_VERSION_ID' | 'S3_OBJECT_KEY';
  revisionValue: string;
}

/**
 * Where an execution is: waiting in front of a stage (an inbound execution, with the arrival number
 * that orders a queue), inside a stage (holding its lock), or done.
 */
export type ExecutionPosition =
  | { kind: 'waiting'; stageName: string; arrival: number; since: number }
  | { kind: 'in-stage'; stageName: string; arrival: number }
  | { kind: 'done' };

export interface StageExecutionState {
  status: StageExecutionStatus;
  startedAt: number;
  updatedAt: number;
  actions: Readonly<Record<string, ActionExecutionState>>;
  retry: { autoStageRetryAttempt: number; manualStageRetryAttempt: number; latestRetryTrigger?: 'AutomatedStageRetry' | 'ManualStageRetry' };
  /** A retry in progress and its mode (FAILED_ACTIONS keeps succeeded actions). */
  retryMode?: StageRetryMode;
  /**
   * Where the stage is in its life: checking its entry conditions, running its actions, checking its
   * success conditions, or checking its failure conditions (absent means running actions).
   */
  phase?: StagePhase;
  /** The runs of the stage's conditions, by condition type. */
  conditions?: Readonly<Partial<Record<ConditionType, ConditionSetRun>>>;
}

export type StagePhase = 'before-entry' | 'actions' | 'on-success' | 'on-failure';

export type ConditionType = 'beforeEntry' | 'onSuccess' | 'onFailure';

/** One condition set of a stage (entry, success or failure) as it runs: its conditions and their rules. */
export interface ConditionSetRun {
  status: ConditionStatus;
  summary?: string;
  startedAt: number;
  updatedAt: number;
  conditions: readonly ConditionRun[];
}

export interface ConditionRun {
  status: ConditionStatus;
  summary?: string;
  rules: Readonly<Record<string, RuleRunState>>;
}

export interface RuleRunState {
  ruleExecutionId: string;
  status: RuleExecutionStatus;
  startedAt: number;
  updatedAt: number;
  /** When the rule times out. */
  deadline: number;
  /** A rule that waits (a deployment window not yet open) is evaluated again at this instant. */
  wakeAt?: number;
  resolvedConfiguration?: Readonly<Record<string, string>>;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
  updatedBy?: string;
}

export interface ActionExecutionState {
  actionExecutionId: string;
  status: ActionExecutionStatus;
  /** The runOrder group this action belongs to (copied from the declaration it ran on). */
  runOrder: number;
  startedAt?: number;
  updatedAt: number;
  /** When the action times out (epoch ms). */
  deadline?: number;
  /** The configuration with variables resolved, as ListActionExecutions shows it. */
  resolvedConfiguration?: Readonly<Record<string, string>>;
  /** Commands actions: the commands and environment variables with variables resolved. */
  resolvedCommands?: readonly string[];
  resolvedEnvironmentVariables?: readonly EnvironmentVariableDeclaration[];
  /** Approval actions: the token PutApprovalResult must present. */
  token?: string;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
  errorDetails?: { code: string; message: string };
  outputVariables?: Readonly<Record<string, string>>;
  outputArtifacts?: Readonly<Record<string, ArtifactRef>>;
  revision?: SourceRevision;
  reports?: readonly BuildReport[];
  /** Who answered an approval, or who/what last updated the action. */
  updatedBy?: string;
}
