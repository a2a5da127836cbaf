import type { GitPullRequestEvent } from '../../../core/declaration/types.js';
import { at, nullCommit, pushedFiles, text, type GitEvent } from './git-event.js';

/**
 * GitLab's `Push Hook`, `Tag Push Hook` and `Merge Request Hook` payloads. Merge request actions map to
 * the trigger events: open and reopen are OPEN, an update that brought new commits (it carries
 * `oldrev`) is UPDATED, close and merge are CLOSED; other updates (a title, a label) are ignored.
 */
export function gitlabEvent(eventName: string, document: unknown): GitEvent {
  const repository = text(document, 'project', 'path_with_namespace');
  if (repository === undefined) return { kind: 'ignored', reason: `The ${eventName} payload names no project (project.path_with_namespace).` };
  if (eventName === 'Push Hook' || eventName === 'Tag Push Hook') return pushEvent(document, repository);
  if (eventName === 'Merge Request Hook') return mergeRequestEvent(document, repository);
  return { kind: 'ignored', reason: `The ${eventName} event does not start pipelines (Push Hook, Tag Push Hook and Merge Request Hook do).` };
}

function pushEvent(document: unknown, repository: string): GitEvent {
  const ref = text(document, 'ref');
  const after = text(document, 'after');
  if (ref === undefined || after === undefined) return { kind: 'ignored', reason: 'The push payload has no ref or after commit.' };
  if (nullCommit.test(after)) return { kind: 'ignored', reason: `The push deleted ${ref}.` };
  const before = text(document, 'before');
  const total = at(document, 'total_commits_count');
  const files = pushedFiles(at(document, 'commits'), typeof total === 'number' ? total : undefined);
  return {
    kind: 'push',
    repository,
    ref,
    after,
    ...(before !== undefined && !nullCommit.test(before) ? { before } : {}),
    ...(files !== undefined ? { files } : {}),
  };
}

function mergeRequestEvent(document: unknown, repository: string): GitEvent {
  const action = text(document, 'object_attributes', 'action') ?? '';
  const event = mergeRequestAction(action, text(document, 'object_attributes', 'oldrev') !== undefined);
  if (event === undefined) return { kind: 'ignored', reason: `The merge request action ${action || '(none)'} does not start pipelines.` };
  const sourceBranch = text(document, 'object_attributes', 'source_branch');
  const destinationBranch = text(document, 'object_attributes', 'target_branch');
  const headCommit = text(document, 'object_attributes', 'last_commit', 'id');
  if (sourceBranch === undefined || destinationBranch === undefined || headCommit === undefined) {
    return { kind: 'ignored', reason: 'The merge request payload lacks source_branch, target_branch or last_commit.id.' };
  }
  const baseCommit = text(document, 'object_attributes', 'diff_refs', 'base_sha');
  return { kind: 'pull-request', repository, event, sourceBranch, destinationBranch, headCommit, ...(baseCommit !== undefined ? { baseCommit } : {}) };
}

function mergeRequestAction(action: string, newCommits: boolean): GitPullRequestEvent | undefined {
  switch (action) {
    case 'open':
    case 'reopen':
      return 'OPEN';
    case 'update':
      return newCommits ? 'UPDATED' : undefined;
    case 'close':
    case 'merge':
      return 'CLOSED';
    default:
      return undefined;
  }
}
