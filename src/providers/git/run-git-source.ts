import { join } from 'node:path';
import type { ActionLog } from '../../core/contracts/action-log.js';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../core/contracts/action-provider.js';
import type { CommitInfo } from './commit-metadata.js';
import { traceJob } from '../../core/job-trace.js';
import { gitContext } from './git-environment.js';
import { secretsOf, type GitRemote } from './git-remote.js';
import { checkOutSource, SourceFailure } from './source-checkout.js';
import { sourceJobSettings, type SourceJobSettings } from './source-job.js';

/** What a git source provider decides about its action: where to read, and how to report the commit. */
export interface GitSourcePlan {
  remote: GitRemote;
  /** How messages name the repository, e.g. `repository app`. */
  label: string;
  /** Where a CODEBUILD_CLONE_REF clone's `origin` points (no credentials). */
  originUrl: string;
  /** The action's output variables for the commit checked out. */
  variables(commit: CommitInfo): Record<string, string>;
  /** The execution summary and revision summary (at most 2048 characters); undefined for none. */
  summary(commit: CommitInfo): string | undefined;
  /** A page showing the commit, where the host has one. */
  revisionUrl(commitId: string): string | undefined;
}

type Succeeded = Extract<ActionOutcome, { status: 'Succeeded' }>;

/** A checked-out source, ready to be stored: the directory, and the outcome to report once it is. */
export interface CheckedOutGitSource {
  directory: string;
  artifactName: string;
  outcome: Omit<Succeeded, 'outputArtifacts'>;
}

/**
 * The run of any git source action: read the job's settings, let the provider plan, check the commit
 * out, store it as the output artifact, and report variables and the revision. A problem the pipeline's
 * owner can fix is a Failed outcome with its failure type; anything else is thrown as our fault.
 */
export async function runGitSource(
  job: ActionJob,
  tools: ProviderTools,
  signal: AbortSignal,
  plan: (settings: SourceJobSettings) => Promise<GitSourcePlan>,
  branchKey?: string,
): Promise<ActionOutcome> {
  try {
    const checkedOut = await checkOutGitSource(job, tools, signal, plan, branchKey);
    traceJob(job.action.actionExecutionId, 'source: checked out');
    const artifact = await tools.artifacts.putDirectory(
      checkedOut.directory,
      { pipelineName: job.pipeline.name, artifactName: checkedOut.artifactName, executionId: job.pipeline.executionId },
      { consume: true },
    );
    traceJob(job.action.actionExecutionId, 'source: artifact stored');
    return { ...checkedOut.outcome, outputArtifacts: { [checkedOut.artifactName]: artifact } };
  } catch (error) {
    if (!(error instanceof SourceFailure)) throw error;
    tools.log.line('system', error.message);
    return { status: 'Failed', failureType: error.failureType, message: error.message };
  }
}

/** Everything of a git source run but storing the artifact; throws SourceFailure for the owner's problems. */
export async function checkOutGitSource(
  job: ActionJob,
  tools: Pick<ProviderTools, 'dataDir' | 'workspace'> & { log: Pick<ActionLog, 'mask' | 'line'> },
  signal: AbortSignal,
  plan: (settings: SourceJobSettings) => Promise<GitSourcePlan>,
  branchKey?: string,
): Promise<CheckedOutGitSource> {
  const settings = sourceJobSettings(job, branchKey);
  const planned = await plan(settings);
  for (const secret of secretsOf(planned.remote)) tools.log.mask(secret);
  const { commit, directory } = await checkOutSource({
    context: gitContext(tools.dataDir),
    remote: planned.remote,
    label: planned.label,
    branch: settings.branch,
    ...(settings.pinnedCommit !== undefined ? { pinnedCommit: settings.pinnedCommit } : {}),
    format: settings.format,
    originUrl: planned.originUrl,
    destination: join(tools.workspace, 'source'),
    scratch: join(tools.workspace, 'scratch'),
    signal,
    log: (text) => tools.log.line('system', text),
    trace: (step) => traceJob(job.action.actionExecutionId, step),
  });
  const summary = planned.summary(commit);
  const revisionUrl = planned.revisionUrl(commit.commitId);
  return {
    directory,
    artifactName: settings.artifactName,
    outcome: {
      status: 'Succeeded',
      outputVariables: planned.variables(commit),
      externalExecutionId: commit.commitId,
      ...(summary !== undefined ? { summary } : {}),
      ...(revisionUrl !== undefined ? { externalExecutionUrl: revisionUrl } : {}),
      revision: {
        revisionId: commit.commitId,
        created: Date.parse(commit.committerDate),
        ...(summary !== undefined ? { revisionSummary: summary } : {}),
        ...(revisionUrl !== undefined ? { revisionUrl } : {}),
      },
    },
  };
}

/** At most `max` characters (code points), as AWS counts a summary's length. */
export function truncateChars(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : characters.slice(0, max).join('');
}

/** AWS caps execution and revision summaries at 2048 characters. */
export const maxSummaryChars = 2048;
