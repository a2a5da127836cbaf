import { createHmac } from 'node:crypto';

/**
 * Webhook payloads as GitHub, GitLab and Gitea send them, written from their documented formats
 * (GitHub "Webhook events and payloads", GitLab "Webhook events", Gitea "Webhooks"), trimmed to the
 * members a receiver reads plus the usual company, so a receiver that relies on anything else fails.
 */
export interface PushSpec {
  repository: string;
  ref: string;
  before: string;
  after: string;
  /** Each pushed commit's added/modified/removed paths; omitted: the host listed no files. */
  commits?: { id: string; added?: string[]; modified?: string[]; removed?: string[] }[];
  totalCommits?: number;
}

export interface PullRequestSpec {
  repository: string;
  action: string;
  sourceBranch: string;
  destinationBranch: string;
  head: string;
  base: string;
  merged?: boolean;
}

const zero = '0000000000000000000000000000000000000000';

export function githubPush(spec: PushSpec): object {
  const [owner, name] = spec.repository.split('/');
  return {
    ref: spec.ref,
    before: spec.before,
    after: spec.after,
    created: spec.before === zero,
    deleted: spec.after === zero,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${spec.repository}/compare/${spec.before.slice(0, 12)}...${spec.after.slice(0, 12)}`,
    commits: (spec.commits ?? []).map((commit) => ({
      id: commit.id,
      tree_id: commit.id,
      distinct: true,
      message: 'change',
      timestamp: '2024-05-06T09:08:09+02:00',
      url: `https://github.com/${spec.repository}/commit/${commit.id}`,
      author: { name: 'Ada Lovelace', email: 'ada@example.com', username: 'ada' },
      committer: { name: 'Ada Lovelace', email: 'ada@example.com', username: 'ada' },
      added: commit.added ?? [],
      removed: commit.removed ?? [],
      modified: commit.modified ?? [],
    })),
    head_commit: spec.commits?.length ? { id: spec.after, message: 'change' } : null,
    repository: { id: 1296269, name, full_name: spec.repository, owner: { login: owner, id: 1 }, private: false, default_branch: 'main' },
    pusher: { name: 'ada', email: 'ada@example.com' },
    sender: { login: 'ada', id: 1, type: 'User' },
  };
}

export function githubPullRequest(spec: PullRequestSpec): object {
  const [owner, name] = spec.repository.split('/');
  const repository = { id: 1296269, name, full_name: spec.repository, owner: { login: owner, id: 1 } };
  return {
    action: spec.action,
    number: 7,
    pull_request: {
      id: 1,
      number: 7,
      state: spec.action === 'closed' ? 'closed' : 'open',
      title: 'A change',
      merged: spec.merged ?? false,
      head: { label: `${owner}:${spec.sourceBranch}`, ref: spec.sourceBranch, sha: spec.head, repo: repository },
      base: { label: `${owner}:${spec.destinationBranch}`, ref: spec.destinationBranch, sha: spec.base, repo: repository },
    },
    repository,
    sender: { login: 'ada', id: 1, type: 'User' },
  };
}

export function gitlabPush(spec: PushSpec, tag = false): object {
  return {
    object_kind: tag ? 'tag_push' : 'push',
    event_name: tag ? 'tag_push' : 'push',
    before: spec.before,
    after: spec.after,
    ref: spec.ref,
    checkout_sha: spec.after,
    user_id: 4,
    user_name: 'Ada Lovelace',
    user_username: 'ada',
    project_id: 15,
    project: { id: 15, name: spec.repository.split('/').at(-1), path_with_namespace: spec.repository, default_branch: 'main', web_url: `https://gitlab.example.com/${spec.repository}` },
    commits: (spec.commits ?? []).map((commit) => ({
      id: commit.id,
      message: 'change',
      title: 'change',
      timestamp: '2024-05-06T09:08:09+02:00',
      author: { name: 'Ada Lovelace', email: 'ada@example.com' },
      added: commit.added ?? [],
      modified: commit.modified ?? [],
      removed: commit.removed ?? [],
    })),
    total_commits_count: spec.totalCommits ?? spec.commits?.length ?? 0,
    repository: { name: spec.repository.split('/').at(-1), homepage: `https://gitlab.example.com/${spec.repository}` },
  };
}

export function gitlabMergeRequest(spec: PullRequestSpec & { oldrev?: string }): object {
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: { id: 1, name: 'Ada Lovelace', username: 'ada' },
    project: { id: 15, path_with_namespace: spec.repository, default_branch: 'main' },
    object_attributes: {
      id: 99,
      iid: 7,
      action: spec.action,
      state: spec.action === 'merge' ? 'merged' : spec.action === 'close' ? 'closed' : 'opened',
      source_branch: spec.sourceBranch,
      target_branch: spec.destinationBranch,
      last_commit: { id: spec.head, message: 'change' },
      ...(spec.oldrev !== undefined ? { oldrev: spec.oldrev } : {}),
      diff_refs: { base_sha: spec.base, head_sha: spec.head, start_sha: spec.base },
    },
    repository: { name: spec.repository.split('/').at(-1) },
  };
}

export function giteaPush(spec: PushSpec): object {
  const [owner, name] = spec.repository.split('/');
  return {
    ref: spec.ref,
    before: spec.before,
    after: spec.after,
    compare_url: '',
    commits: (spec.commits ?? []).map((commit) => ({
      id: commit.id,
      message: 'change\n',
      url: `https://gitea.example.com/${spec.repository}/commit/${commit.id}`,
      author: { name: 'Ada Lovelace', email: 'ada@example.com', username: 'ada' },
      added: commit.added ?? [],
      removed: commit.removed ?? [],
      modified: commit.modified ?? [],
    })),
    total_commits: spec.totalCommits ?? spec.commits?.length ?? 0,
    repository: { id: 1, owner: { login: owner }, name, full_name: spec.repository, default_branch: 'main' },
    pusher: { login: 'ada' },
    sender: { login: 'ada' },
  };
}

export function giteaPullRequest(spec: PullRequestSpec): object {
  const [owner, name] = spec.repository.split('/');
  const repository = { id: 1, owner: { login: owner }, name, full_name: spec.repository };
  return {
    action: spec.action,
    number: 7,
    pull_request: {
      id: 1,
      number: 7,
      title: 'A change',
      merged: spec.merged ?? false,
      head: { label: spec.sourceBranch, ref: spec.sourceBranch, sha: spec.head, repo: repository },
      base: { label: spec.destinationBranch, ref: spec.destinationBranch, sha: spec.base, repo: repository },
    },
    repository,
    sender: { login: 'ada' },
  };
}

/** A call as each host signs it: GitHub and Gitea with an HMAC-SHA256 of the body, GitLab with its token. */
export function hostHeaders(host: 'GitHub' | 'GitLab' | 'Gitea', event: string, body: string, secret: string, delivery?: string): Record<string, string> {
  const hmac = createHmac('sha256', secret).update(body).digest('hex');
  switch (host) {
    case 'GitHub':
      return { 'content-type': 'application/json', 'x-github-event': event, 'x-hub-signature-256': `sha256=${hmac}`, ...(delivery ? { 'x-github-delivery': delivery } : {}) };
    case 'GitLab':
      return { 'content-type': 'application/json', 'x-gitlab-event': event, 'x-gitlab-token': secret, ...(delivery ? { 'x-gitlab-event-uuid': delivery } : {}) };
    case 'Gitea':
      // Gitea sends GitHub's event header too, for compatibility.
      return { 'content-type': 'application/json', 'x-gitea-event': event, 'x-github-event': event, 'x-gitea-signature': hmac, ...(delivery ? { 'x-gitea-delivery': delivery } : {}) };
  }
}

export const nullCommit = zero;
