/**
 * The parts of CodePipeline's wire shapes the console reads (timestamps are epoch seconds). Written by
 * hand from AWS's model: web/ never imports the server's code.
 */
export type PipelineExecutionStatus = 'Cancelled' | 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded' | 'Failed';
export type StageExecutionStatus = 'Cancelled' | 'InProgress' | 'Failed' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Skipped';
export type ActionExecutionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';
export type ExecutionMode = 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';

export interface ActionTypeId {
  category: string;
  owner: string;
  provider: string;
  version: string;
}

export interface ActionDeclaration {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder?: number;
  configuration?: Record<string, string>;
  inputArtifacts?: { name: string }[];
  outputArtifacts?: { name: string }[];
  namespace?: string;
}

export interface ConditionDeclaration {
  result?: string;
  rules?: { name: string; ruleTypeId: { provider: string } }[];
}

export interface StageDeclaration {
  name: string;
  actions: ActionDeclaration[];
  beforeEntry?: { conditions: ConditionDeclaration[] };
  onSuccess?: { conditions: ConditionDeclaration[] };
  onFailure?: { result?: string; conditions?: ConditionDeclaration[] };
}

export interface PipelineDeclaration {
  name: string;
  version?: number;
  pipelineType?: 'V1' | 'V2';
  executionMode?: ExecutionMode;
  stages: StageDeclaration[];
  [member: string]: unknown;
}

export interface PipelineSummary {
  name: string;
  version: number;
  pipelineType?: string;
  executionMode?: ExecutionMode;
  created: number;
  updated: number;
}

export interface ErrorDetails {
  code?: string;
  message?: string;
}

export interface ActionExecution {
  actionExecutionId?: string;
  status?: ActionExecutionStatus;
  summary?: string;
  lastStatusChange?: number;
  lastUpdatedBy?: string;
  token?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
  errorDetails?: ErrorDetails;
}

export interface ActionState {
  actionName: string;
  currentRevision?: { revisionId: string; revisionChangeId: string; created: number };
  revisionUrl?: string;
  entityUrl?: string;
  latestExecution?: ActionExecution;
}

export interface StageExecution {
  pipelineExecutionId: string;
  status: StageExecutionStatus;
  type?: 'STANDARD' | 'ROLLBACK';
}

export interface TransitionState {
  enabled?: boolean;
  disabledReason?: string;
  lastChangedBy?: string;
  lastChangedAt?: number;
}

export interface ConditionExecutionState {
  latestExecution?: { status?: string; summary?: string };
  conditionStates?: { latestExecution?: { status?: string; summary?: string }; ruleStates?: { ruleName?: string; latestExecution?: { status?: string; summary?: string } }[] }[];
}

export interface StageState {
  stageName: string;
  inboundExecutions?: StageExecution[];
  inboundTransitionState?: TransitionState;
  actionStates: ActionState[];
  latestExecution?: StageExecution;
  beforeEntryConditionState?: ConditionExecutionState;
  onSuccessConditionState?: ConditionExecutionState;
  onFailureConditionState?: ConditionExecutionState;
  retryStageMetadata?: { autoStageRetryAttempt?: number; manualStageRetryAttempt?: number; latestRetryTrigger?: string };
}

export interface PipelineState {
  pipelineName: string;
  pipelineVersion: number;
  stageStates: StageState[];
  created: number;
  updated: number;
}

export interface SourceRevision {
  actionName: string;
  revisionId?: string;
  revisionSummary?: string;
  revisionUrl?: string;
}

export interface ExecutionTrigger {
  triggerType?: string;
  triggerDetail?: string;
}

export interface PipelineExecutionSummary {
  pipelineExecutionId: string;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  startTime?: number;
  lastUpdateTime?: number;
  sourceRevisions?: SourceRevision[];
  trigger?: ExecutionTrigger;
  stopTrigger?: { reason?: string };
  executionMode?: ExecutionMode;
  executionType?: 'STANDARD' | 'ROLLBACK';
  rollbackMetadata?: { rollbackTargetPipelineExecutionId?: string };
}

export interface PipelineExecution {
  pipelineExecutionId: string;
  pipelineName: string;
  pipelineVersion: number;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  artifactRevisions?: { name?: string; revisionId?: string; revisionSummary?: string; revisionUrl?: string; created?: number }[];
  trigger?: ExecutionTrigger;
  variables?: { name: string; resolvedValue: string }[];
  executionMode?: ExecutionMode;
  executionType?: string;
}

export interface ArtifactDetail {
  name?: string;
  s3location?: { bucket?: string; key?: string };
}

export interface ActionExecutionDetail {
  pipelineExecutionId: string;
  actionExecutionId: string;
  pipelineVersion: number;
  stageName: string;
  actionName: string;
  startTime: number;
  lastUpdateTime: number;
  status: ActionExecutionStatus;
  updatedBy?: string;
  input?: {
    actionTypeId?: ActionTypeId;
    configuration?: Record<string, string>;
    resolvedConfiguration?: Record<string, string>;
    inputArtifacts?: ArtifactDetail[];
    namespace?: string;
  };
  output?: {
    outputArtifacts?: ArtifactDetail[];
    outputVariables?: Record<string, string>;
    executionResult?: { externalExecutionId?: string; externalExecutionSummary?: string; externalExecutionUrl?: string; errorDetails?: ErrorDetails };
  };
}

/** Pipewright's /api/logs lines. */
export interface LogLine {
  number: number;
  /** Epoch milliseconds. */
  time: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

export interface TestCaseResult {
  name: string;
  prefix?: string;
  status: 'SUCCEEDED' | 'FAILED' | 'ERROR' | 'SKIPPED' | 'UNKNOWN';
  durationMs?: number;
  message?: string;
  file: string;
}

export interface TestReport {
  reportGroup: string;
  format: string;
  totals: { total: number; passed: number; failed: number; skipped: number; errored: number; unknown: number };
  durationMs: number;
  testCases: TestCaseResult[];
  truncated?: boolean;
}

export interface ActionReports {
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  status: string;
  reports: TestReport[];
}

/** The operations the console calls: input and output of each. */
export interface Operations {
  ListPipelines: [{ nextToken?: string; maxResults?: number }, { pipelines?: PipelineSummary[]; nextToken?: string }];
  GetPipeline: [{ name: string; version?: number }, { pipeline: PipelineDeclaration; metadata?: { pipelineArn?: string; created?: number; updated?: number } }];
  GetPipelineState: [{ name: string }, PipelineState];
  ListPipelineExecutions: [{ pipelineName: string; maxResults?: number; nextToken?: string }, { pipelineExecutionSummaries?: PipelineExecutionSummary[]; nextToken?: string }];
  GetPipelineExecution: [{ pipelineName: string; pipelineExecutionId: string }, { pipelineExecution: PipelineExecution }];
  ListActionExecutions: [
    { pipelineName: string; filter?: { pipelineExecutionId?: string }; maxResults?: number; nextToken?: string },
    { actionExecutionDetails?: ActionExecutionDetail[]; nextToken?: string },
  ];
  StartPipelineExecution: [{ name: string; clientRequestToken?: string }, { pipelineExecutionId: string }];
  StopPipelineExecution: [{ pipelineName: string; pipelineExecutionId: string; abandon?: boolean; reason?: string }, { pipelineExecutionId: string }];
  RetryStageExecution: [
    { pipelineName: string; stageName: string; pipelineExecutionId: string; retryMode: 'FAILED_ACTIONS' | 'ALL_ACTIONS' },
    { pipelineExecutionId: string },
  ];
  DisableStageTransition: [{ pipelineName: string; stageName: string; transitionType: 'Inbound' | 'Outbound'; reason: string }, Record<string, never>];
  EnableStageTransition: [{ pipelineName: string; stageName: string; transitionType: 'Inbound' | 'Outbound' }, Record<string, never>];
  PutApprovalResult: [
    { pipelineName: string; stageName: string; actionName: string; token: string; result: { status: 'Approved' | 'Rejected'; summary: string } },
    { approvedAt?: number },
  ];
  OverrideStageCondition: [{ pipelineName: string; stageName: string; pipelineExecutionId: string; conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS' }, Record<string, never>];
}

export type OperationName = keyof Operations;
