import type { Partition } from '../arn.js';
import type { Clock } from '../clock.js';
import type { EnvironmentVariableDeclaration, JobTypeId } from '../declaration/types.js';
import type { ActionLog } from './action-log.js';
import type { ArtifactRef, ArtifactStore } from './artifact-store.js';
import type { JobRole } from './job-credentials.js';
import type { ObjectStore } from './object-store.js';
import type { SecretResolver } from './secret-resolver.js';
import type { BuildReport } from './test-report.js';

/**
 * An action provider does the work of one kind of action (a CodeBuild build, a git checkout, an S3
 * deploy). Providers run inside a worker, in process or remote, and see only this contract: the job
 * in, the tools to do it with, an AbortSignal that says stop, and the outcome out. They never touch
 * the store or the engine.
 */
export type JobLoad = 'working' | 'light' | 'waiting';

export interface ActionProvider {
  /** The action types this provider runs. */
  readonly actionTypes: readonly JobTypeId[];
  /**
   * Whether a job lost with its worker (a crash) may simply run again: true for side-effect-free work
   * such as a source checkout; false fails the action instead, so no effect is ever applied twice.
   */
  readonly rerunnable: boolean;
  /**
   * What a job of this provider asks of the machine, which decides the slots it takes (see Worker):
   *
   * | load | the jobs | slots |
   * |---|---|---|
   * | `working` (default) | keep cores busy: builds | `concurrency`, near the number of cores |
   * | `light` | start a few short processes and wait for them: sources, Commands | `lightConcurrency` (64) |
   * | `waiting` | wait for work done elsewhere: a local function, a service | `waitingConcurrency` (16) |
   */
  readonly load?: JobLoad;
  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi>;
}

/** Everything a provider needs to know about the action it runs. Variables are already resolved. */
export interface ActionJob {
  jobId: string;
  pipeline: {
    name: string;
    arn: string;
    version: number;
    executionId: string;
    /** The pipeline's service role: what the job's work runs as unless the action or its project names another. */
    roleArn?: string;
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
    /** The action's (or rule's) own role, above the pipeline's. */
    roleArn?: string;
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
  /** The pipeline's artifact store key, when it names one (job data's `encryptionKey`). */
  encryptionKey?: { id: string; type: 'KMS' };
}

export interface ProviderTools {
  partition: Partition;
  clock: Clock;
  /** The server's data directory (repositories, functions, build projects live under it). */
  dataDir: string;
  /** Hosted repositories readable in place (PIPEWRIGHT_REPOS_DIR, shared by replicas); `<dataDir>/repos` when absent. */
  reposDir?: string;
  /**
   * A remote worker's credentials for the server's git host (`<apiUrl>/git/<name>`: an access key id as
   * the user name, its secret as the password, as in `--auth iam` mode the git gate takes them).
   */
  serverGit?: { username: string; password: string };
  artifacts: ArtifactStore;
  objects: ObjectStore;
  secrets: SecretResolver;
  log: ActionLog;
  /** A fresh directory for this job only; removed after the job unless the provider keeps it. */
  workspace: string;
  /** The base URL of this Pipewright server's API, for work that calls back (functions, job workers). */
  apiUrl: string;
  /**
   * Fresh session credentials for work that calls this server back (a function, an invoke action): the
   * role it runs as. A server in `--auth iam` mode accepts them at the API and the artifact endpoint
   * for an hour; in `none` mode any credentials pass. Absent in tools made outside a server.
   */
  serviceCredentials?: () => { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  /**
   * The environment variables that let the job's work call AWS APIs as `role` (see
   * src/worker/job-aws-environment.ts): temporary credentials at a URL for this job only, refused once
   * it ends, and this server's endpoints. Throws RoleUnavailableError when the role cannot be used.
   * Absent (or answering {}) in tools made outside a server.
   */
  awsEnvironment?(role: JobRole): Promise<Record<string, string>>;
  /**
   * Takes cleanup that need not hold up the action's outcome (removing a checkout from the workspace):
   * it runs at the job's release, once the outcome is reported, before the workspace itself is removed.
   * Absent in tools made outside a server: the provider cleans up itself, before returning.
   */
  afterOutcome?(cleanup: () => Promise<void>): void;
  /** Reports progress shown in GetPipelineState while the action runs. */
  progress(update: { summary?: string; percentComplete?: number; externalExecutionId?: string; externalExecutionUrl?: string }): void;
  /**
   * Resolves once this job has ended by a result reported through the job-worker API (a function's
   * PutJobSuccessResult or PutJobFailureResult), whichever replica took it; rejects when `signal` aborts
   * first. A provider whose work reports for itself awaits it, then returns `ReportedThroughJobApi`.
   */
  jobEnded(signal: AbortSignal): Promise<JobEnd>;
}

/** How a job ended when its result came through the job-worker API. */
export interface JobEnd {
  status: 'Succeeded' | 'Failed' | 'TimedOut';
  /** The job succeeded with a continuation token: the action goes on with a new job. */
  continued: boolean;
  /** Why it ended, when the job service recorded a reason (the failure message, "continued"…). */
  reason?: string;
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
      /** With a continuation token: how far the work is, shown in GetPipelineState meanwhile. */
      percentComplete?: number;
      /** Test reports the work produced (buildspec `reports`). */
      reports?: BuildReport[];
    }
  | {
      status: 'Failed';
      /** TimeoutError: the work's own reply window ran out (a function that never reported back). */
      failureType: FailureType | 'TimeoutError';
      /** What went wrong, for the person reading GetPipelineState: the phase, the command, the exit code. */
      message: string;
      externalExecutionId?: string;
      externalExecutionUrl?: string;
      /** Test reports of a build: a build that failed its tests still reports them. */
      reports?: BuildReport[];
    };

/**
 * What a provider whose work reports for itself returns: the work (a local function) called
 * PutJobSuccessResult or PutJobFailureResult through the job-worker API, so the job has already ended
 * and the worker reports nothing: no result is ever recorded twice. `end` is what `tools.jobEnded()`
 * resolved with; return this only after it did.
 */
export interface ReportedThroughJobApi {
  status: 'ReportedThroughJobApi';
  end: JobEnd;
}

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
