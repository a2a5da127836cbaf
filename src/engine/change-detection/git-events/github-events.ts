import type { PullRequestEvent, PushEvent } from '@octokit/webhooks-types';
import type { GitPullRequestEvent } from '../../../core/declaration/types.js';
import { list, pullRequestEvent, pushEvent, text, type GitEvent, type Untrusted } from './git-event.js';

/**
 * GitHub's `push` and `pull_request` payloads, typed by @octokit/webhooks-types. Pull request actions
 * map to the trigger events: opened and reopened are OPEN, new commits (`synchronize`) are UPDATED,
 * closed (merged or not) is CLOSED; the others (labeled, assigned, …) are ignored.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads
 */
export function githubEvent(eventName: string, payload: unknown): GitEvent {
  if (eventName === 'push') return githubStylePush(payload as Untrusted<PushEvent>);
  if (eventName === 'pull_request') return githubStylePullRequest(payload as Untrusted<PullRequestEvent>, githubPullRequestActions);
  return { kind: 'ignored', reason: `The ${eventName} event does not start pipelines (push and pull_request do).` };
}

/** GitHub's push, and every payload that copies its shape (Gitea's). */
export function githubStylePush(payload: Untrusted<PushEvent> & { readonly total_commits?: unknown }): GitEvent {
  const repository = text(payload.repository?.full_name);
  if (repository === undefined) return { kind: 'ignored', reason: 'The push payload names no repository (repository.full_name).' };
  return pushEvent({
    repository,
    ref: text(payload.ref),
    before: text(payload.before),
    after: text(payload.after),
    deleted: payload.deleted === true,
    commits: list(payload.commits),
    totalCommits: typeof payload.total_commits === 'number' ? payload.total_commits : undefined,
  });
}

/** GitHub's pull request, and every payload that copies its shape (Gitea's), with the host's action names. */
export function githubStylePullRequest(payload: Untrusted<PullRequestEvent>, actions: Readonly<Record<string, GitPullRequestEvent>>): GitEvent {
  const repository = text(payload.repository?.full_name);
  if (repository === undefined) return { kind: 'ignored', reason: 'The pull request payload names no repository (repository.full_name).' };
  const action = text(payload.action) ?? '';
  const event = actions[action];
  if (event === undefined) return { kind: 'ignored', reason: `The pull request action ${action || '(none)'} does not start pipelines.` };
  const pullRequest = payload.pull_request;
  return pullRequestEvent({
    repository,
    event,
    sourceBranch: text(pullRequest?.head?.ref),
    destinationBranch: text(pullRequest?.base?.ref),
    headCommit: text(pullRequest?.head?.sha),
    baseCommit: text(pullRequest?.base?.sha),
    names: 'pull_request.head.ref, .head.sha or .base.ref',
  });
}

const githubPullRequestActions: Readonly<Record<string, GitPullRequestEvent>> = {
  opened: 'OPEN',
  reopened: 'OPEN',
  synchronize: 'UPDATED',
  closed: 'CLOSED',
};
