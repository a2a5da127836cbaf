import type { GitPullRequestEvent } from '../../../core/declaration/types.js';
import { at, nullCommit, pushedFiles, text, type GitEvent } from './git-event.js';

/**
 * GitHub's `push` and `pull_request` payloads (and Gitea's, which copy their shape). Pull request
 * actions map to the trigger events: opened and reopened are OPEN, new commits (`synchronize`,
 * Gitea's `synchronized`) are UPDATED, closed (merged or not) is CLOSED; others are ignored.
 */
export function githubStyleEvent(eventName: string, document: unknown, actions: Readonly<Record<string, GitPullRequestEvent>>): GitEvent {
  const repository = text(document, 'repository', 'full_name');
  if (repository === undefined) return { kind: 'ignored', reason: `The ${eventName} payload names no repository (repository.full_name).` };
  if (eventName === 'push') return pushEvent(document, repository);
  if (eventName === 'pull_request') return pullRequestEvent(document, repository, actions);
  return { kind: 'ignored', reason: `The ${eventName} event does not start pipelines (push and pull_request do).` };
}

function pushEvent(document: unknown, repository: string): GitEvent {
  const ref = text(document, 'ref');
  const after = text(document, 'after');
  if (ref === undefined || after === undefined) return { kind: 'ignored', reason: 'The push payload has no ref or after commit.' };
  if (at(document, 'deleted') === true || nullCommit.test(after)) return { kind: 'ignored', reason: `The push deleted ${ref}.` };
  const before = text(document, 'before');
  const total = at(document, 'total_commits');
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

function pullRequestEvent(document: unknown, repository: string, actions: Readonly<Record<string, GitPullRequestEvent>>): GitEvent {
  const action = text(document, 'action') ?? '';
  const event = actions[action];
  if (event === undefined) return { kind: 'ignored', reason: `The pull request action ${action || '(none)'} does not start pipelines.` };
  const sourceBranch = text(document, 'pull_request', 'head', 'ref');
  const destinationBranch = text(document, 'pull_request', 'base', 'ref');
  const headCommit = text(document, 'pull_request', 'head', 'sha');
  if (sourceBranch === undefined || destinationBranch === undefined || headCommit === undefined) {
    return { kind: 'ignored', reason: 'The pull request payload lacks pull_request.head.ref, .head.sha or .base.ref.' };
  }
  const baseCommit = text(document, 'pull_request', 'base', 'sha');
  return { kind: 'pull-request', repository, event, sourceBranch, destinationBranch, headCommit, ...(baseCommit !== undefined ? { baseCommit } : {}) };
}

export const githubPullRequestActions: Readonly<Record<string, GitPullRequestEvent>> = {
  opened: 'OPEN',
  reopened: 'OPEN',
  synchronize: 'UPDATED',
  closed: 'CLOSED',
};

export const giteaPullRequestActions: Readonly<Record<string, GitPullRequestEvent>> = {
  opened: 'OPEN',
  reopened: 'OPEN',
  synchronized: 'UPDATED',
  closed: 'CLOSED',
};
