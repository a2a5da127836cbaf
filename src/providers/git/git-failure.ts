import { GitCommandError, lastLines } from './git-process.js';

/**
 * What went wrong when git talked to a repository, recognised from git's own words (git runs with
 * LC_ALL=C, so they are stable). Providers turn the kind into CodePipeline's failure type; polling
 * uses it to tell "no such repository" from "host down, try later".
 */
export type GitFailureKind = 'repository-not-found' | 'branch-not-found' | 'permission-denied' | 'unreachable' | 'other';

export interface GitFailure {
  kind: GitFailureKind;
  /** git's last words, for the failure message. */
  detail: string;
}

const patterns: [GitFailureKind, RegExp][] = [
  ['branch-not-found', /couldn't find remote ref/i],
  ['permission-denied', /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]\b|Permission denied/i],
  ['repository-not-found', /repository '.*' not found|Repository not found|does not appear to be a git repository|not a git repository|returned error: 404\b|No such file or directory/i],
  ['unreachable', /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Operation timed out|returned error: 5\d\d\b|SSL|TLS|Empty reply from server/i],
];

export function classifyGitFailure(error: unknown): GitFailure {
  if (!(error instanceof GitCommandError)) return { kind: 'other', detail: error instanceof Error ? error.message : String(error) };
  const detail = lastLines(error.stderr, 3) || error.message;
  const kind = patterns.find(([, pattern]) => pattern.test(error.stderr))?.[0] ?? 'other';
  return { kind, detail };
}
