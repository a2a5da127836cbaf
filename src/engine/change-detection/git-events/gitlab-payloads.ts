/**
 * GitLab's webhook payloads, the members Pipewright reads, typed from GitLab's documentation of its
 * webhook events (no maintained package types them completely: gitlab-event-types leaves out a
 * commit's file lists and a merge request's oldrev). Source: "Webhook events",
 * https://docs.gitlab.com/user/project/integrations/webhook_events/ (Push events, Tag events, Merge
 * request events); doc/user/project/integrations/webhook_events.md in GitLab's repository.
 */

/** The project a hook is about; `path_with_namespace` is what a connection's FullRepositoryId names. */
export interface GitlabProject {
  id: number;
  name: string;
  web_url: string;
  path_with_namespace: string;
  default_branch: string;
}

export interface GitlabCommit {
  id: string;
  message: string;
  title: string;
  timestamp: string;
  url: string;
  author: { name: string; email: string };
  added: string[];
  modified: string[];
  removed: string[];
}

/** `X-Gitlab-Event: Push Hook` (object_kind push) and `Tag Push Hook` (object_kind tag_push). */
export interface GitlabPushHook {
  object_kind: 'push' | 'tag_push';
  event_name: 'push' | 'tag_push';
  /** All zeros when the push created the ref. */
  before: string;
  /** All zeros when the push deleted the ref. */
  after: string;
  ref: string;
  checkout_sha: string | null;
  project_id: number;
  project: GitlabProject;
  /** The newest 20 commits only, when more were pushed. */
  commits: GitlabCommit[];
  total_commits_count: number;
}

/** `X-Gitlab-Event: Merge Request Hook`. */
export interface GitlabMergeRequestHook {
  object_kind: 'merge_request';
  event_type: 'merge_request';
  project: GitlabProject;
  object_attributes: {
    id: number;
    iid: number;
    source_branch: string;
    target_branch: string;
    state: string;
    /** open, close, reopen, update, approved, unapproved, approval, unapproval, merge. */
    action: string;
    /** Only when the update brought code changes (new commits pushed, a suggestion applied). */
    oldrev?: string;
    last_commit: { id: string; message: string; timestamp: string; url: string };
    diff_refs?: { base_sha: string; head_sha: string; start_sha: string };
  };
}
