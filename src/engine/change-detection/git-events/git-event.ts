import type { GitPullRequestEvent } from '../../../core/declaration/types.js';

export const gitHosts = ['GitHub', 'GitLab', 'Gitea'] as const;
export type GitHost = (typeof gitHosts)[number];

/**
 * A repository event from a git host's webhook, in the terms V2 triggers filter on. A push names the
 * ref (`refs/heads/…` or `refs/tags/…`) and the commits before and after; its changed files come with
 * it when the host listed them all, and are otherwise computed with git. A pull request names its
 * source and destination branches and the source branch's head commit.
 */
export type GitEvent = Push | PullRequest | { kind: 'ignored'; reason: string };

export interface Push {
  kind: 'push';
  repository: string;
  ref: string;
  /** The ref's commit before the push; undefined when the push created the ref. */
  before?: string;
  after: string;
  /** Every path the pushed commits touched, when the payload listed all of them. */
  files?: string[];
}

export interface PullRequest {
  kind: 'pull-request';
  repository: string;
  event: GitPullRequestEvent;
  sourceBranch: string;
  destinationBranch: string;
  /** The source branch's head: what a pull request execution builds. */
  headCommit: string;
  /** The destination's commit the host compares against, when the payload gives it. */
  baseCommit?: string;
}

/**
 * A payload as it arrives: the host's documented shape, any member of it possibly missing or of
 * another type. Reading through this type keeps member names checked against the host's types,
 * while `text` and `list` check each value that is used.
 */
export type Untrusted<T> = T extends readonly (infer E)[] ? readonly Untrusted<E>[] : T extends object ? { readonly [K in keyof T]?: Untrusted<T[K]> } : T;

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An array, or undefined (its items are still untrusted). */
export function list<T>(value: readonly T[] | undefined): readonly T[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

const nullCommit = /^0+$/;

/** What every host's push payload says, in the same words: one reading of a push for all of them. */
export interface PushFacts {
  repository: string;
  ref: string | undefined;
  before: string | undefined;
  after: string | undefined;
  /** The host says the push deleted the ref (GitHub's `deleted`); an all-zero `after` says so too. */
  deleted: boolean;
  commits: readonly Untrusted<PushedCommit>[] | undefined;
  /** How many commits the push had, when the host says (it may list fewer). */
  totalCommits: number | undefined;
}

/** The members of a pushed commit this reading uses; GitHub, GitLab and Gitea name them alike. */
export interface PushedCommit {
  added: string[];
  modified: string[];
  removed: string[];
}

export function pushEvent(facts: PushFacts): GitEvent {
  const { repository, ref, after } = facts;
  if (ref === undefined || after === undefined) return { kind: 'ignored', reason: 'The push payload has no ref or after commit.' };
  if (facts.deleted || nullCommit.test(after)) return { kind: 'ignored', reason: `The push deleted ${ref}.` };
  const before = facts.before !== undefined && !nullCommit.test(facts.before) ? facts.before : undefined;
  const files = pushedFiles(facts.commits, facts.totalCommits);
  return { kind: 'push', repository, ref, after, ...(before !== undefined ? { before } : {}), ...(files !== undefined ? { files } : {}) };
}

/** What every host's pull (merge) request payload says, once its action is mapped to a trigger event. */
export interface PullRequestFacts {
  repository: string;
  event: GitPullRequestEvent;
  sourceBranch: string | undefined;
  destinationBranch: string | undefined;
  headCommit: string | undefined;
  baseCommit: string | undefined;
  /** The payload's names of the three required values, for the message when one is missing. */
  names: string;
}

export function pullRequestEvent(facts: PullRequestFacts): GitEvent {
  const { repository, event, sourceBranch, destinationBranch, headCommit, baseCommit } = facts;
  if (sourceBranch === undefined || destinationBranch === undefined || headCommit === undefined) {
    return { kind: 'ignored', reason: `The pull request payload lacks ${facts.names}.` };
  }
  return { kind: 'pull-request', repository, event, sourceBranch, destinationBranch, headCommit, ...(baseCommit !== undefined ? { baseCommit } : {}) };
}

/**
 * The paths a push's commits touched, from the lists hosts put in each commit (added, modified,
 * removed), or undefined when they may be incomplete: hosts cut the commit list of a large push (GitLab
 * and Gitea at 20 commits, GitHub's file lists at 3000), and some payloads carry no file lists at all
 * (Gitea's documented example), so such a push is diffed with git.
 */
function pushedFiles(commits: readonly Untrusted<PushedCommit>[] | undefined, totalCommits: number | undefined): string[] | undefined {
  if (commits === undefined || commits.length === 0 || commits.length >= 20) return undefined;
  if (totalCommits !== undefined && totalCommits !== commits.length) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    if (typeof commit !== 'object' || commit === null) return undefined;
    for (const paths of [commit.added, commit.modified, commit.removed]) {
      if (!Array.isArray(paths)) return undefined;
      for (const path of paths) if (typeof path === 'string') files.add(path);
    }
  }
  return [...files].sort();
}
