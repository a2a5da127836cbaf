import { join } from 'node:path';
import type { ActionLog } from '../../core/contracts/action-log.js';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../core/contracts/action-provider.js';
import type { CommitInfo } from './commit-metadata.js';
import { traceJob } from '../../core/job-trace.js';
import { gitContext } from './git-environment.js';
import { secretsOf, type GitRemote } from './git-remote.js';
import type { ArtifactRef } from '../../core/contracts/artifact-store.js';
import { checkOutSource, locateSourceCommit, logCheckedOut, SourceFailure, writeSourceOut, type SourceCheckoutRequest } from './source-checkout.js';
import { storeCommitTree } from './store-commit-tree.js';
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
 * The run of any git source action: read the job's settings, let the provider plan, find the commit,
 * store it as the output artifact, and report variables and the revision. CODE_ZIP is stored from git's
 * own objects, so a run reads only the blobs the store has not seen (store-commit-tree.ts); a clone, or
 * a tree whose export may differ from its blobs, is written out and stored as a directory. A problem
 * the pipeline's owner can fix is a Failed outcome with its failure type; anything else is thrown as our fault.
 */
export async function runGitSource(
  job: ActionJob,
  tools: SourceTools & Pick<ProviderTools, 'artifacts'>,
  signal: AbortSignal,
  plan: (settings: SourceJobSettings) => Promise<GitSourcePlan>,
  branchKey?: string,
): Promise<ActionOutcome> {
  try {
    const prepared = await prepareGitSource(job, tools, signal, plan, branchKey);
    const { settings, request } = prepared;
    const located = await locateSourceCommit(request);
    const owner = { pipelineName: job.pipeline.name, artifactName: settings.artifactName, executionId: job.pipeline.executionId };
    let artifact: ArtifactRef | undefined;
    if (settings.format === 'CODE_ZIP') {
      const stored = await storeCommitTree({ context: request.context, gitDir: located.gitDir, commit: located.commit.commitId, tree: located.tree, artifacts: tools.artifacts, owner, signal });
      if (stored !== undefined) {
        logCheckedOut(request, located.commit, settings.format);
        tools.log.line('system', `Stored ${stored.files} files: ${stored.read} read from git, the others known by their git blob ids.`);
        artifact = stored.ref;
      }
    }
    if (artifact === undefined) {
      const { directory } = await writeSourceOut(request, located);
      traceJob(job.action.actionExecutionId, 'source: checked out');
      artifact = await tools.artifacts.putDirectory(directory, owner, { consume: true });
    }
    traceJob(job.action.actionExecutionId, 'source: artifact stored');
    return { ...outcomeOf(prepared.planned, located.commit), outputArtifacts: { [settings.artifactName]: artifact } };
  } catch (error) {
    if (!(error instanceof SourceFailure)) throw error;
    tools.log.line('system', error.message);
    return { status: 'Failed', failureType: error.failureType, message: error.message };
  }
}

type SourceTools = Pick<ProviderTools, 'dataDir' | 'workspace'> & { log: Pick<ActionLog, 'mask' | 'line'> };

/** Everything of a git source run but storing the artifact, written out as a directory; throws SourceFailure for the owner's problems. */
export async function checkOutGitSource(
  job: ActionJob,
  tools: SourceTools,
  signal: AbortSignal,
  plan: (settings: SourceJobSettings) => Promise<GitSourcePlan>,
  branchKey?: string,
): Promise<CheckedOutGitSource> {
  const { settings, planned, request } = await prepareGitSource(job, tools, signal, plan, branchKey);
  const { commit, directory } = await checkOutSource(request);
  return { directory, artifactName: settings.artifactName, outcome: outcomeOf(planned, commit) };
}

async function prepareGitSource(
  job: ActionJob,
  tools: SourceTools,
  signal: AbortSignal,
  plan: (settings: SourceJobSettings) => Promise<GitSourcePlan>,
  branchKey?: string,
): Promise<{ settings: SourceJobSettings; planned: GitSourcePlan; request: SourceCheckoutRequest }> {
  const settings = sourceJobSettings(job, branchKey);
  const planned = await plan(settings);
  for (const secret of secretsOf(planned.remote)) tools.log.mask(secret);
  const request: SourceCheckoutRequest = {
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
  };
  return { settings, planned, request };
}

function outcomeOf(planned: GitSourcePlan, commit: CommitInfo): CheckedOutGitSource['outcome'] {
  const summary = planned.summary(commit);
  const revisionUrl = planned.revisionUrl(commit.commitId);
  return {
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
  };
}

/** At most `max` characters (code points), as AWS counts a summary's length. */
export function truncateChars(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : characters.slice(0, max).join('');
}

/** AWS caps execution and revision summaries at 2048 characters. */
export const maxSummaryChars = 2048;
