import type { GitPullRequestEvent } from '../../../core/declaration/types.js';

export const gitHosts = ['GitHub', 'GitLab', 'Gitea'] as const;
export type GitHost = (typeof gitHosts)[number];

/**
 * A repository event from a git host's webhook, in the terms V2 triggers filter on. A push names the
 * ref (`refs/heads/…` or `refs/tags/…`) and the commits before and after; its changed files come with
 * it when the host listed them all, and are otherwise computed with git. A pull request names its
 * source and destination branches and the source branch's head commit.
 */
export type GitEvent =
  | {
      kind: 'push';
      repository: string;
      ref: string;
      /** The ref's commit before the push; undefined when the push created the ref. */
      before?: string;
      after: string;
      /** Every path the pushed commits touched, when the payload listed all of them. */
      files?: string[];
    }
  | {
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
  /** An event triggers do not act on (a ping, a label change, a deleted branch): `reason` says which. */
  | { kind: 'ignored'; reason: string };

export const nullCommit = /^0+$/;

/** Reads a value at a path of a JSON document, or undefined. */
export function at(document: unknown, ...path: (string | number)[]): unknown {
  let value = document;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

export function text(document: unknown, ...path: (string | number)[]): string | undefined {
  const value = at(document, ...path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The paths a push's commits touched, from the lists hosts put in each commit (added, modified,
 * removed), or undefined when they may be incomplete: hosts cut the commit list of a large push (GitLab
 * and Gitea at 20 commits, GitHub's file lists at 3000), so a push of many commits is diffed with git.
 */
export function pushedFiles(commits: unknown, totalCommits: number | undefined): string[] | undefined {
  if (!Array.isArray(commits) || commits.length === 0 || commits.length >= 20) return undefined;
  if (totalCommits !== undefined && totalCommits !== commits.length) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    for (const list of ['added', 'modified', 'removed']) {
      const paths = at(commit, list);
      if (!Array.isArray(paths)) return undefined;
      for (const path of paths) if (typeof path === 'string') files.add(path);
    }
  }
  return [...files].sort();
}
