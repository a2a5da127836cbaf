import type { GitPullRequestEvent } from '../../../core/declaration/types.js';
import { list, pullRequestEvent, pushEvent, text, type GitEvent, type Untrusted } from './git-event.js';
import type { GitlabMergeRequestHook, GitlabPushHook } from './gitlab-payloads.js';

/**
 * GitLab's `Push Hook`, `Tag Push Hook` and `Merge Request Hook` payloads (gitlab-payloads.ts). Merge
 * request actions map to the trigger events: open and reopen are OPEN, an update that brought new
 * commits (it carries `oldrev`) is UPDATED, close and merge are CLOSED; other updates (a title, a
 * label) and approvals are ignored.
 */
export function gitlabEvent(eventName: string, payload: unknown): GitEvent {
  if (eventName === 'Push Hook' || eventName === 'Tag Push Hook') return gitlabPush(payload as Untrusted<GitlabPushHook>);
  if (eventName === 'Merge Request Hook') return gitlabMergeRequest(payload as Untrusted<GitlabMergeRequestHook>);
  return { kind: 'ignored', reason: `The ${eventName} event does not start pipelines (Push Hook, Tag Push Hook and Merge Request Hook do).` };
}

function gitlabPush(payload: Untrusted<GitlabPushHook>): GitEvent {
  const repository = text(payload.project?.path_with_namespace);
  if (repository === undefined) return { kind: 'ignored', reason: 'The push payload names no project (project.path_with_namespace).' };
  return pushEvent({
    repository,
    ref: text(payload.ref),
    before: text(payload.before),
    after: text(payload.after),
    deleted: false,
    commits: list(payload.commits),
    totalCommits: typeof payload.total_commits_count === 'number' ? payload.total_commits_count : undefined,
  });
}

function gitlabMergeRequest(payload: Untrusted<GitlabMergeRequestHook>): GitEvent {
  const repository = text(payload.project?.path_with_namespace);
  if (repository === undefined) return { kind: 'ignored', reason: 'The merge request payload names no project (project.path_with_namespace).' };
  const attributes = payload.object_attributes;
  const action = text(attributes?.action) ?? '';
  const event = mergeRequestAction(action, text(attributes?.oldrev) !== undefined);
  if (event === undefined) return { kind: 'ignored', reason: `The merge request action ${action || '(none)'} does not start pipelines.` };
  return pullRequestEvent({
    repository,
    event,
    sourceBranch: text(attributes?.source_branch),
    destinationBranch: text(attributes?.target_branch),
    headCommit: text(attributes?.last_commit?.id),
    baseCommit: text(attributes?.diff_refs?.base_sha),
    names: 'source_branch, target_branch or last_commit.id',
  });
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
