import type { ActionTypeId, JobTypeId } from '../../declaration/types.js';
import type { ExecutionState, StageTransitions } from '../../execution/state.js';
import type { ActionJob } from '../action-provider.js';
import type { JobStatus } from './jobs.js';

/**
 * What the engine keeps of executions. The pipeline's runtime row (transitions, the latest execution
 * of each stage, the arrival counter) carries a revision: every decision is stored with a guarded write
 * on it, so two writers can never both apply a decision made on the same state.
 */
export interface ExecutionOperations {
  /**
   * The runtime of a pipeline with its active executions and the executions the runtime points to (the
   * latest of each stage, the last that succeeded in each).
   */
  loadRuntime(pipelineName: string): Promise<RuntimeSnapshot>;
  /**
   * Stores one decision atomically: the runtime row (only if still at `expectedRevision`), the job whose
   * result the decision applies (only if still in an expected status), the changed executions and action
   * runs, new jobs, cancelled jobs, and the events. When a guard fails nothing is written and the result
   * says which guard: the revision moved on (someone else decided first) or the job had already ended.
   */
  commitRuntime(commit: RuntimeCommit): Promise<CommitResult>;
  getExecution(pipelineName: string, executionId: string): Promise<ExecutionRecord | undefined>;
  findExecutionByRequestToken(pipelineName: string, clientRequestToken: string): Promise<string | undefined>;
  /** Executions newest first, starting before `beforeSequence`; optionally only those that succeeded in a stage. */
  listExecutions(
    pipelineName: string,
    page: { beforeSequence?: number; limit: number; succeededInStage?: string; pipelineVersion?: number },
  ): Promise<ExecutionRecord[]>;
  /** Runs of actions newest first (by start), optionally of one execution. */
  listActionRuns(pipelineName: string, page: { executionId?: string; before?: ActionRunCursor; limit: number }): Promise<ActionRunRecord[]>;
  getActionRun(actionExecutionId: string): Promise<ActionRunRecord | undefined>;
  /** Runs of condition rules newest first (by start), optionally of one execution. */
  listRuleRuns(pipelineName: string, page: { executionId?: string; before?: ActionRunCursor; limit: number }): Promise<RuleRunRecord[]>;
  /** Pipelines with executions in progress: what recovery must reload at start. */
  listPipelinesWithActiveExecutions(): Promise<string[]>;
}

export interface RuntimeDocument {
  transitions: Record<string, StageTransitions>;
  stageLatest: Record<string, string>;
  stageLastSucceeded: Record<string, string>;
  sequence: number;
}

export interface RuntimeSnapshot {
  /** 0 when the pipeline never ran. */
  revision: number;
  runtime: RuntimeDocument;
  executions: ExecutionState[];
}

export interface ExecutionRecord {
  pipelineName: string;
  execution: ExecutionState;
  clientRequestToken?: string;
}

export interface ActionRunRecord {
  pipelineName: string;
  executionId: string;
  pipelineVersion: number;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  status: string;
  startedAt: number;
  updatedAt: number;
  /** The run as the execution state holds it (resolved configuration, outputs, errors…) plus its input. */
  document: ActionRunDocument;
}

export interface ActionRunDocument {
  actionTypeId: ActionTypeId;
  namespace?: string;
  region?: string;
  roleArn?: string;
  configuration: Record<string, string>;
  resolvedConfiguration?: Record<string, string>;
  inputArtifacts: { name: string; bucket?: string; key?: string }[];
  outputArtifacts: { name: string; bucket?: string; key?: string }[];
  outputVariables?: Record<string, string>;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
  token?: string;
  updatedBy?: string;
  percentComplete?: number;
  reports?: unknown[];
}

export interface RuleRunRecord {
  pipelineName: string;
  executionId: string;
  pipelineVersion: number;
  stageName: string;
  conditionType: 'beforeEntry' | 'onSuccess' | 'onFailure';
  ruleName: string;
  ruleExecutionId: string;
  status: string;
  startedAt: number;
  updatedAt: number;
  document: {
    ruleTypeId: { category: 'Rule'; owner: 'AWS'; provider: string; version: string };
    configuration: Record<string, string>;
    resolvedConfiguration?: Record<string, string>;
    region?: string;
    roleArn?: string;
    inputArtifacts: { name: string; bucket?: string; key?: string }[];
    summary?: string;
    externalExecutionId?: string;
    externalExecutionUrl?: string;
    errorDetails?: { code: string; message: string };
    updatedBy?: string;
  };
}

export interface ActionRunCursor {
  startedAt: number;
  actionExecutionId: string;
}

export type CommitResult = { committed: true } | { committed: false; guard: 'revision' | 'job' };

export interface RuntimeCommit {
  pipelineName: string;
  expectedRevision: number;
  /** The jobs whose results this decision applies: each must still be in one of its `from`, and becomes `to`. */
  finishJobs: { jobId: string; from: readonly JobStatus[]; to: JobStatus; endReason?: string }[];
  runtime: RuntimeDocument;
  executions: ExecutionRecord[];
  actionRuns: ActionRunRecord[];
  ruleRuns: RuleRunRecord[];
  newJobs: NewJob[];
  /** Open jobs of these action runs end as cancelled (abandoned or timed out actions). */
  cancelJobsOfActionRuns: string[];
  events: NewEvent[];
}

export interface NewJob {
  id: string;
  pipelineName: string;
  executionId: string;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  actionTypeId: JobTypeId;
  /** What the worker needs to do the job. */
  job: ActionJob;
  created: number;
  /**
   * Taken at its creation by a worker of this server with a free slot (engine/jobs-taken-at-commit.ts):
   * stored InProgress, held by that worker with this lease, instead of Queued for a claim.
   */
  heldBy?: { workerId: string; leaseUntil: number };
}

export interface NewEvent {
  pipelineName: string;
  executionId?: string;
  time: number;
  detailType: string;
  detail: Record<string, unknown>;
}
