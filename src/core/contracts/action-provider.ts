import type { Partition } from '../arn.js';
import type { Clock } from '../clock.js';
import type { EnvironmentVariableDeclaration, JobTypeId } from '../declaration/types.js';
import type { ActionLog } from './action-log.js';
import type { ArtifactRef, ArtifactStore } from './artifact-store.js';
import type { ObjectStore } from './object-store.js';
import type { SecretResolver } from './secret-resolver.js';
import type { TestReport } from './test-report.js';

/**
 * An action provider does the work of one kind of action (a CodeBuild build, a git checkout, an S3
 * deploy). Providers run inside a worker, in process or remote, and see only this contract: the job
 * in, the tools to do it with, an AbortSignal that says stop, and the outcome out. They never touch
 * the store or the engine.
 */
export interface ActionProvider {
  /** The action types this provider runs. */
  readonly actionTypes: readonly JobTypeId[];
  /**
   * Whether a job lost with its worker (a crash) may simply run again: true for side-effect-free work
   * such as a source checkout; false fails the action instead, so no effect is ever applied twice.
   */
  readonly rerunnable: boolean;
  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome>;
}

/** Everything a provider needs to know about the action it runs. Variables are already resolved. */
export interface ActionJob {
  jobId: string;
  pipeline: {
    name: string;
    arn: string;
    version: number;
    executionId: string;
  };
  stageName: string;
  action: {
    name: string;
    actionExecutionId: string;
    typeId: JobTypeId;
    /** The resolved configuration (no `#{…}` left). */
    configuration: Record<string, string>;
    commands?: string[];
    outputVariables?: string[];
    environmentVariables?: EnvironmentVariableDeclaration[];
    namespace?: string;
    region: string;
  };
  inputArtifacts: { name: string; ref: ArtifactRef; revision?: string }[];
  /**
   * The output artifacts to produce. `location` is where a job worker that speaks CodePipeline's job
   * protocol (custom actions, functions) uploads the artifact's zip; providers store theirs directly.
   */
  outputArtifacts: { name: string; files?: string[]; location: { bucket: string; key: string } }[];
  /** Set when a previous job of this action succeeded with a continuation token. */
  continuationToken?: string;
  /** A source revision pinned by StartPipelineExecution's `sourceRevisions` (source actions only). */
  pinnedRevision?: { revisionType: 'COMMIT_ID' | 'IMAGE_DIGEST' | 'S3_OBJECT_VERSION_ID' | 'S3_OBJECT_KEY'; revisionValue: string }[];
  /** When the action must have finished (epoch ms); the worker aborts the signal then. */
  deadline: number;
  /** Set when the job is a rule of a stage condition (Commands, LambdaInvoke rules), not an action. */
  rule?: { conditionType: 'beforeEntry' | 'onSuccess' | 'onFailure' };
}

export interface ProviderTools {
  partition: Partition;
  clock: Clock;
  /** The server's data directory (repositories, functions, build projects live under it). */
  dataDir: string;
  artifacts: ArtifactStore;
  objects: ObjectStore;
  secrets: SecretResolver;
  log: ActionLog;
  /** A fresh directory for this job only; removed after the job unless the provider keeps it. */
  workspace: string;
  /** The base URL of this Pipewright server's API, for work that calls back (functions, job workers). */
  apiUrl: string;
  /** Reports progress shown in GetPipelineState while the action runs. */
  progress(update: { summary?: string; percentComplete?: number; externalExecutionId?: string; externalExecutionUrl?: string }): void;
}

export type FailureType = 'JobFailed' | 'ConfigurationError' | 'PermissionError' | 'RevisionOutOfSync' | 'RevisionUnavailable' | 'SystemUnavailable';

/** A source revision, as an execution's artifactRevisions and sourceRevisions record it. */
export interface SourceRevision {
  revisionId: string;
  revisionChangeIdentifier?: string;
  revisionSummary?: string;
  revisionUrl?: string;
  /** Epoch milliseconds. */
  created?: number;
}

export type ActionOutcome =
  | {
      status: 'Succeeded';
      outputArtifacts?: Record<string, ArtifactRef>;
      outputVariables?: Record<string, string>;
      summary?: string;
      externalExecutionId?: string;
      externalExecutionUrl?: string;
      /** What a source action checked out. */
      revision?: SourceRevision;
      /** The action is not done: run another job later with this token (CodePipeline's continuation). */
      continuationToken?: string;
      /** Test reports the work produced (buildspec `reports`). */
      reports?: TestReport[];
    }
  | {
      status: 'Failed';
      failureType: FailureType;
      /** What went wrong, for the person reading GetPipelineState: the phase, the command, the exit code. */
      message: string;
      externalExecutionId?: string;
      externalExecutionUrl?: string;
      /** Test reports of a build: a build that failed its tests still reports them. */
      reports?: TestReport[];
    };

/**
 * Why a job's AbortSignal fired, as the worker puts it in `signal.reason`: the action was abandoned
 * (stop and abandon, a superseded execution, a lost lease), it ran out of time, or the worker is
 * shutting down. Providers stop their work, kill what they started, and say in the log why it ended.
 */
export const jobAbortKinds = ['abandoned', 'timed-out', 'shutdown'] as const;
export type JobAbortKind = (typeof jobAbortKinds)[number];

export interface JobAbortReason {
  kind: JobAbortKind;
  /** For the log and the failure message. */
  message: string;
}

const abortMessages: Record<JobAbortKind, string> = {
  abandoned: 'the action was stopped and abandoned',
  'timed-out': 'the action ran out of time',
  shutdown: 'the worker is shutting down',
};

/**
 * Reads an AbortSignal's reason: one of the kinds (the worker's plain strings), a JobAbortReason (a
 * provider's own, with a message of its own), a TimeoutError; anything else counts as an abandon.
 */
export function jobAbortReason(reason: unknown): JobAbortReason {
  if ((jobAbortKinds as readonly unknown[]).includes(reason)) return { kind: reason as JobAbortKind, message: abortMessages[reason as JobAbortKind] };
  if (typeof reason === 'object' && reason !== null && 'kind' in reason && 'message' in reason) {
    const { kind, message } = reason;
    if (typeof message === 'string' && (jobAbortKinds as readonly unknown[]).includes(kind)) return { kind: kind as JobAbortKind, message };
  }
  if (reason instanceof Error && reason.name === 'TimeoutError') return { kind: 'timed-out', message: reason.message };
  return { kind: 'abandoned', message: typeof reason === 'string' && reason !== '' ? reason : abortMessages.abandoned };
}
