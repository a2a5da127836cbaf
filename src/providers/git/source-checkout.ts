import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FailureType } from '../../core/contracts/action-provider.js';
import { cloneAtCommit } from './clone-at-commit.js';
import type { CommitInfo } from './commit-metadata.js';
import { exportTree } from './export-tree.js';
import { gitEnvironment, type GitContext } from './git-environment.js';
import { classifyGitFailure, type GitFailureKind } from './git-failure.js';
import { GitCommandError } from './git-process.js';
import { isLocalRemote, type GitRemote } from './git-remote.js';
import { fetchBranch, fetchCommit, mirrorDirectory } from './mirror-cache.js';
import { withObjectReader } from './object-reader-pool.js';
import { readCommitObject, type CommitObject } from './read-commit-object.js';
import { isFullCommitId } from './ref-names.js';
import { resolveCommit } from './resolve-commit.js';

export const outputArtifactFormats = ['CODE_ZIP', 'CODEBUILD_CLONE_REF'] as const;
export type OutputArtifactFormat = (typeof outputArtifactFormats)[number];

export interface SourceCheckoutRequest {
  context: GitContext;
  remote: GitRemote;
  /** How messages name the repository, e.g. `repository app` or `acme/app at https://git.example.com`. */
  label: string;
  branch: string;
  /** A commit pinned by StartPipelineExecution's sourceRevisions; the branch head otherwise. */
  pinnedCommit?: string;
  format: OutputArtifactFormat;
  /** The URL a CODEBUILD_CLONE_REF clone's `origin` points to (never with credentials). */
  originUrl: string;
  /** Created by the checkout; must not exist yet or be empty. */
  destination: string;
  /** A directory for temporary files (the throwaway index), outside `destination`. */
  scratch: string;
  signal?: AbortSignal;
  /** Progress lines for the action's log. */
  log?: (text: string) => void;
  /** Marks each step done, for the job's trace (src/core/job-trace.ts). */
  trace?: (step: string) => void;
}

export interface CheckedOutSource {
  commit: CommitInfo;
  directory: string;
}

/** The checkout failed for a reason the pipeline's owner can act on; `failureType` says which. */
export class SourceFailure extends Error {
  override readonly name = 'SourceFailure';

  constructor(
    readonly failureType: FailureType,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A source action's work, for any git repository: find the commit (the pinned one, or the branch
 * head), read its metadata, and write it out as CODE_ZIP (the files) or CODEBUILD_CLONE_REF (a clone
 * with history). Local repositories are read in place; remote ones through the mirror cache.
 */
export async function checkOutSource(request: SourceCheckoutRequest): Promise<CheckedOutSource> {
  return writeSourceOut(request, await locateSourceCommit(request));
}

/** The commit a source action reads, in which git directory, and the environment git runs with there. */
export interface LocatedCommit {
  commit: CommitInfo;
  /** The id of the commit's root tree. */
  tree: string;
  gitDir: string;
  env: NodeJS.ProcessEnv;
}

/** What finding the commit needs of a checkout request. */
export type LocateRequest = Pick<SourceCheckoutRequest, 'context' | 'remote' | 'label' | 'branch' | 'pinnedCommit' | 'signal' | 'log' | 'trace'>;

/** The first half of a checkout: fetch (remote) or open (local), find the commit and read its metadata. */
export async function locateSourceCommit(request: LocateRequest): Promise<LocatedCommit> {
  const { context, remote, branch } = request;
  const env = gitEnvironment(context, remote.authorization ? { authorization: remote.authorization } : {});
  const local = isLocalRemote(remote);
  const { gitDir, branchCommit } = local ? await openLocal(request, env) : await fetchRemote(request);

  let commit: CommitObject | undefined;
  // Commits are read through the repository's running cat-file (object-reader-pool.ts): no process.
  const readObject = (name: string): Promise<CommitObject | undefined> => withObjectReader(context, gitDir, request.signal, (reader) => readCommitObject(reader, env, gitDir, name));
  if (request.pinnedCommit !== undefined) {
    const commitId = await findPinnedCommit(request, env, gitDir);
    request.log?.(`Using pinned commit ${commitId} (branch ${branch} is at ${branchCommit ?? 'nothing'}).`);
    commit = await readObject(commitId);
    if (commit === undefined) throw new Error(`The commit ${commitId} found in ${gitDir} could not be read.`);
  } else if (local) {
    // In place, the branch is resolved and its commit read by the same question (one wait on git).
    commit = await readObject(`refs/heads/${branch}`);
  } else if (branchCommit !== undefined) {
    commit = await readObject(branchCommit);
    if (commit === undefined) throw new Error(`The commit ${branchCommit} fetched into ${gitDir} could not be read.`);
  }
  if (commit === undefined) throw new SourceFailure('ConfigurationError', `The branch ${branch} does not exist in ${request.label}.`);
  request.trace?.('source: commit read');
  return { commit: commit.info, tree: commit.tree, gitDir, env };
}

/** The second half: the commit's files (CODE_ZIP) or a clone (CODEBUILD_CLONE_REF) at `destination`. */
export async function writeSourceOut(request: SourceCheckoutRequest, located: LocatedCommit): Promise<CheckedOutSource> {
  const { commit, gitDir, env } = located;
  const { branch, signal } = request;
  const commitId = commit.commitId;
  const aborting = signal ? { signal } : {};
  if (request.format === 'CODE_ZIP') {
    await exportTree(env, gitDir, commitId, request.destination, request.scratch, signal);
  } else {
    await cloneAtCommit(env, { source: gitDir, commit: commitId, branch, originUrl: request.originUrl, destination: request.destination, ...aborting });
  }
  logCheckedOut(request, commit, request.format);
  return { commit, directory: request.destination };
}

export function logCheckedOut(request: Pick<SourceCheckoutRequest, 'log' | 'label'>, commit: CommitInfo, format: OutputArtifactFormat): void {
  request.log?.(`Checked out commit ${commit.commitId} of ${request.label} as ${format}: ${firstLine(commit.message)}`);
}

/** A repository read in place; the branch is resolved here only for the log line of a pinned commit. */
async function openLocal(request: LocateRequest, env: NodeJS.ProcessEnv): Promise<{ gitDir: string; branchCommit: string | undefined }> {
  const path = request.remote.url;
  // A working repository keeps its history in .git; a bare one is its own git directory.
  const gitDir = existsSync(join(path, '.git')) ? join(path, '.git') : path;
  if (!existsSync(join(gitDir, 'HEAD')) || !existsSync(join(gitDir, 'objects'))) {
    throw new SourceFailure('ConfigurationError', `The ${request.label} does not exist: ${path} is not a git repository.`);
  }
  return { gitDir, branchCommit: request.pinnedCommit !== undefined ? await resolveCommit(env, gitDir, `refs/heads/${request.branch}`) : undefined };
}

async function fetchRemote(request: LocateRequest): Promise<{ gitDir: string; branchCommit: string | undefined }> {
  request.log?.(`Fetching branch ${request.branch} of ${request.label} into the mirror cache.`);
  try {
    const fetched = await fetchBranch(request.context, request.remote, request.branch, request.signal);
    request.log?.(`Fetched ${fetched.objectsReceived} new objects; branch ${request.branch} is at ${fetched.commit ?? 'nothing'}.`);
    return { gitDir: fetched.gitDir, branchCommit: fetched.commit };
  } catch (error) {
    request.signal?.throwIfAborted();
    // Only git's refusals are the repository owner's to fix; anything else is our fault and propagates.
    if (!(error instanceof GitCommandError)) throw error;
    const failure = classifyGitFailure(error);
    // A pinned commit may outlive its branch: carry on with the mirror as it is and look for the commit.
    if (failure.kind === 'branch-not-found' && request.pinnedCommit !== undefined) {
      return { gitDir: mirrorDirectory(request.context, request.remote.url), branchCommit: undefined };
    }
    throw sourceFailureFor(failure.kind, request, failure.detail);
  }
}

async function findPinnedCommit(request: LocateRequest, env: NodeJS.ProcessEnv, gitDir: string): Promise<string> {
  const pinned = request.pinnedCommit ?? '';
  const found = await resolveCommit(env, gitDir, pinned);
  if (found !== undefined) return found;
  if (!isLocalRemote(request.remote) && isFullCommitId(pinned)) {
    try {
      await fetchCommit(request.context, request.remote, pinned, request.signal);
      const fetched = await resolveCommit(env, gitDir, pinned);
      if (fetched !== undefined) return fetched;
    } catch (error) {
      request.signal?.throwIfAborted();
      request.log?.(`The host would not send commit ${pinned}: ${classifyGitFailure(error).detail}`);
    }
  }
  throw new SourceFailure('RevisionUnavailable', `The pinned commit ${pinned} does not exist in ${request.label}.`);
}

function sourceFailureFor(kind: GitFailureKind, request: LocateRequest, detail: string): SourceFailure {
  switch (kind) {
    case 'repository-not-found':
      return new SourceFailure('ConfigurationError', `The ${request.label} does not exist or is not a git repository (${detail}).`);
    case 'branch-not-found':
      return new SourceFailure('ConfigurationError', `The branch ${request.branch} does not exist in ${request.label}.`);
    case 'permission-denied':
      return new SourceFailure('PermissionError', `The ${request.label} refused the credentials Pipewright read it with (the connection's token, or the OAuthToken of a GitHub action) (${detail}).`);
    case 'unreachable':
      return new SourceFailure('SystemUnavailable', `The ${request.label} could not be reached (${detail}).`);
    case 'other':
      return new SourceFailure('JobFailed', `git could not fetch branch ${request.branch} of ${request.label}: ${detail}`);
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
