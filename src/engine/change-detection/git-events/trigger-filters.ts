import type { GitConfiguration, GitFilePathFilterCriteria } from '../../../core/declaration/types.js';
import { picomatch } from '../commonjs-libraries.js';
import type { GitEvent } from './git-event.js';

export type TriggerMatch = { matched: true } | { matched: false; reason: string };

type Push = Extract<GitEvent, { kind: 'push' }>;
type PullRequest = Extract<GitEvent, { kind: 'pull-request' }>;

/**
 * Whether a V2 trigger's git configuration starts the pipeline for an event. Any of its filters (1–3 of
 * the event's kind) may match; within a filter every criteria must: tags for a tag push; branches for a
 * branch push (or a pull request's destination branch); file paths for the changed files, when given;
 * and a pull request's event among `events` (all three when omitted). Within criteria, a value matches
 * when an include pattern matches it (or there are none) and no exclude pattern does: excludes win.
 * File paths match when at least one changed file does. Patterns are globs: `*` stays within a path
 * segment, `**` crosses them. Changed files are computed only when a filter needs them.
 */
export async function matchTrigger(configuration: GitConfiguration, event: Push | PullRequest, changedFiles: () => Promise<string[]>): Promise<TriggerMatch> {
  const reasons: string[] = [];
  if (event.kind === 'push') {
    const filters = configuration.push ?? [];
    if (filters.length === 0) return { matched: false, reason: 'the trigger has no push filters' };
    for (const [index, filter] of filters.entries()) {
      const failure = await pushFilterFailure(filter, event.ref, changedFiles);
      if (failure === undefined) return { matched: true };
      reasons.push(`push filter ${index + 1}: ${failure}`);
    }
  } else {
    const filters = configuration.pullRequest ?? [];
    if (filters.length === 0) return { matched: false, reason: 'the trigger has no pull request filters' };
    for (const [index, filter] of filters.entries()) {
      const events = filter.events ?? ['OPEN', 'UPDATED', 'CLOSED'];
      let failure: string | undefined;
      if (!events.includes(event.event)) failure = `the event ${event.event} is not one of ${events.join(', ')}`;
      else if (filter.branches !== undefined && !matchesCriteria(event.destinationBranch, filter.branches)) {
        failure = `the destination branch ${event.destinationBranch} does not match the branch filter`;
      } else if (filter.filePaths !== undefined) failure = await filesFailure(filter.filePaths, changedFiles);
      if (failure === undefined) return { matched: true };
      reasons.push(`pull request filter ${index + 1}: ${failure}`);
    }
  }
  return { matched: false, reason: reasons.join('; ') };
}

async function pushFilterFailure(
  filter: NonNullable<GitConfiguration['push']>[number],
  ref: string,
  changedFiles: () => Promise<string[]>,
): Promise<string | undefined> {
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  if (filter.tags !== undefined) {
    if (tag === undefined) return `${ref} is not a tag`;
    return matchesCriteria(tag, filter.tags) ? undefined : `the tag ${tag} does not match the tag filter`;
  }
  if (filter.branches === undefined) return 'the filter has no branches';
  if (branch === undefined) return `${ref} is not a branch`;
  if (!matchesCriteria(branch, filter.branches)) return `the branch ${branch} does not match the branch filter`;
  return filter.filePaths === undefined ? undefined : filesFailure(filter.filePaths, changedFiles);
}

async function filesFailure(criteria: GitFilePathFilterCriteria, changedFiles: () => Promise<string[]>): Promise<string | undefined> {
  const files = await changedFiles();
  if (files.some((file) => matchesCriteria(file, criteria))) return undefined;
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
  return files.length === 0 ? 'no file changed' : `no changed file (${shown}) matches the file path filter`;
}

export function matchesCriteria(value: string, criteria: GitFilePathFilterCriteria): boolean {
  const included = criteria.includes === undefined || picomatch(criteria.includes, { dot: true })(value);
  const excluded = criteria.excludes !== undefined && picomatch(criteria.excludes, { dot: true })(value);
  return included && !excluded;
}
