import type { PullRequestEvent, PushEvent } from '@octokit/webhooks-types';
import type { GitPullRequestEvent } from '../../../core/declaration/types.js';
import { githubStylePullRequest, githubStylePush } from './github-events.js';
import type { GitEvent, Untrusted } from './git-event.js';

/**
 * Gitea's `push` and `pull_request` payloads. Gitea's webhook payloads copy GitHub's shape in every
 * member read here (repository.full_name; ref, before, after, commits; pull_request.head/base ref and
 * sha), so they are read as GitHub's, with two differences its documentation and payloads show: a push
 * may say `total_commits`, and new commits on a pull request are the action `synchronized`.
 * https://docs.gitea.com/usage/webhooks (the event information example); Gitea's payload structs:
 * modules/structs/hook.go in go-gitea/gitea (PushPayload, PullRequestPayload, HookIssueAction).
 */
export function giteaEvent(eventName: string, payload: unknown): GitEvent {
  if (eventName === 'push') return githubStylePush(payload as Untrusted<PushEvent> & { readonly total_commits?: unknown });
  if (eventName === 'pull_request') return githubStylePullRequest(payload as Untrusted<PullRequestEvent>, giteaPullRequestActions);
  return { kind: 'ignored', reason: `The ${eventName} event does not start pipelines (push and pull_request do).` };
}

const giteaPullRequestActions: Readonly<Record<string, GitPullRequestEvent>> = {
  opened: 'OPEN',
  reopened: 'OPEN',
  synchronized: 'UPDATED',
  closed: 'CLOSED',
};
