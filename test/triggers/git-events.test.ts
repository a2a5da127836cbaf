import { describe, expect, it } from 'vitest';
import { readGitEvent } from '../../src/engine/change-detection/git-events/read-git-event.js';
import type { IncomingCall } from '../../src/engine/change-detection/incoming-call.js';
import {
  giteaPullRequest,
  giteaPush,
  githubPullRequest,
  githubPush,
  gitlabMergeRequest,
  gitlabPush,
  hostHeaders,
  nullCommit,
  type PushSpec,
} from './kit/payloads.js';

const secret = 'hook-secret';
const a = 'a'.repeat(40);
const b = 'b'.repeat(40);

function call(host: 'GitHub' | 'GitLab' | 'Gitea', event: string, payload: object, signWith = secret): IncomingCall {
  const body = JSON.stringify(payload);
  return { body: Buffer.from(body), headers: hostHeaders(host, event, body, signWith), remoteAddress: '127.0.0.1' };
}

const push: PushSpec = {
  repository: 'acme/app',
  ref: 'refs/heads/main',
  before: a,
  after: b,
  commits: [
    { id: a, added: ['src/new.ts'], modified: ['README.md'] },
    { id: b, removed: ['old.txt'], modified: ['src/new.ts'] },
  ],
};
const expectedPush = { kind: 'push', repository: 'acme/app', ref: 'refs/heads/main', before: a, after: b, files: ['README.md', 'old.txt', 'src/new.ts'] };

describe('git host events', () => {
  it('reads the push payloads of GitHub, GitLab and Gitea alike', () => {
    expect(readGitEvent(call('GitHub', 'push', githubPush(push)), secret)).toEqual({ host: 'GitHub', event: expectedPush });
    expect(readGitEvent(call('GitLab', 'Push Hook', gitlabPush(push)), secret)).toEqual({ host: 'GitLab', event: expectedPush });
    expect(readGitEvent(call('Gitea', 'push', giteaPush(push)), secret)).toEqual({ host: 'Gitea', event: expectedPush });
  });

  it('leaves the files to git when the host may have cut the commit list, and reads a new branch without before', () => {
    const many = { ...push, commits: Array.from({ length: 20 }, (_, index) => ({ id: String(index).padStart(40, '0'), added: [`f${index}`] })) };
    expect(readGitEvent(call('GitHub', 'push', githubPush(many)), secret)).toMatchObject({ event: { kind: 'push', after: b } });
    expect((readGitEvent(call('GitHub', 'push', githubPush(many)), secret) as { event: object }).event).not.toHaveProperty('files');
    const cut = { ...push, totalCommits: 45 };
    expect((readGitEvent(call('GitLab', 'Push Hook', gitlabPush(cut)), secret) as { event: object }).event).not.toHaveProperty('files');
    const created = { ...push, before: nullCommit, commits: [] };
    expect(readGitEvent(call('GitHub', 'push', githubPush(created)), secret)).toEqual({
      host: 'GitHub',
      event: { kind: 'push', repository: 'acme/app', ref: 'refs/heads/main', after: b },
    });
  });

  it('reads tag pushes and ignores deleted refs', () => {
    expect(readGitEvent(call('GitLab', 'Tag Push Hook', gitlabPush({ ...push, ref: 'refs/tags/v1.0' }, true)), secret)).toMatchObject({
      event: { kind: 'push', ref: 'refs/tags/v1.0' },
    });
    expect(readGitEvent(call('GitHub', 'push', githubPush({ ...push, after: nullCommit })), secret)).toEqual({
      host: 'GitHub',
      event: { kind: 'ignored', reason: 'The push deleted refs/heads/main.' },
    });
  });

  it('maps pull request actions to OPEN, UPDATED and CLOSED, and ignores the others', () => {
    const pr = { repository: 'acme/app', sourceBranch: 'feature/x', destinationBranch: 'main', head: b, base: a };
    const expected = (event: string) => ({ kind: 'pull-request', repository: 'acme/app', event, sourceBranch: 'feature/x', destinationBranch: 'main', headCommit: b, baseCommit: a });
    const cases: [string, IncomingCall, string | undefined][] = [
      ['GitHub opened', call('GitHub', 'pull_request', githubPullRequest({ ...pr, action: 'opened' })), 'OPEN'],
      ['GitHub reopened', call('GitHub', 'pull_request', githubPullRequest({ ...pr, action: 'reopened' })), 'OPEN'],
      ['GitHub synchronize', call('GitHub', 'pull_request', githubPullRequest({ ...pr, action: 'synchronize' })), 'UPDATED'],
      ['GitHub closed', call('GitHub', 'pull_request', githubPullRequest({ ...pr, action: 'closed', merged: true })), 'CLOSED'],
      ['GitHub labeled', call('GitHub', 'pull_request', githubPullRequest({ ...pr, action: 'labeled' })), undefined],
      ['GitLab open', call('GitLab', 'Merge Request Hook', gitlabMergeRequest({ ...pr, action: 'open' })), 'OPEN'],
      ['GitLab update with commits', call('GitLab', 'Merge Request Hook', gitlabMergeRequest({ ...pr, action: 'update', oldrev: a })), 'UPDATED'],
      ['GitLab update of the title', call('GitLab', 'Merge Request Hook', gitlabMergeRequest({ ...pr, action: 'update' })), undefined],
      ['GitLab merge', call('GitLab', 'Merge Request Hook', gitlabMergeRequest({ ...pr, action: 'merge' })), 'CLOSED'],
      ['Gitea opened', call('Gitea', 'pull_request', giteaPullRequest({ ...pr, action: 'opened' })), 'OPEN'],
      ['Gitea synchronized', call('Gitea', 'pull_request', giteaPullRequest({ ...pr, action: 'synchronized' })), 'UPDATED'],
      ['Gitea closed', call('Gitea', 'pull_request', giteaPullRequest({ ...pr, action: 'closed' })), 'CLOSED'],
    ];
    for (const [name, incoming, event] of cases) {
      const read = readGitEvent(incoming, secret) as { event: { kind: string } };
      if (event === undefined) expect(read.event.kind, name).toBe('ignored');
      else expect(read.event, name).toEqual(expected(event));
    }
  });

  it('refuses calls not signed with the connection secret, per host', () => {
    expect(readGitEvent(call('GitHub', 'push', githubPush(push), 'wrong'), secret)).toEqual({
      kind: 'unauthenticated',
      message: 'The X-Hub-Signature-256 signature does not match the body.',
    });
    expect(readGitEvent(call('GitLab', 'Push Hook', gitlabPush(push), 'wrong'), secret)).toMatchObject({ kind: 'unauthenticated' });
    expect(readGitEvent(call('Gitea', 'push', giteaPush(push), 'wrong'), secret)).toMatchObject({ kind: 'unauthenticated' });

    // A body changed after signing no longer matches its signature.
    const signed = call('GitHub', 'push', githubPush(push));
    const tampered = { ...signed, body: Buffer.from(signed.body.toString().replace('refs/heads/main', 'refs/heads/evil')) };
    expect(readGitEvent(tampered, secret)).toMatchObject({ kind: 'unauthenticated' });

    const unsigned = { body: Buffer.from('{}'), headers: { 'x-github-event': 'push' }, remoteAddress: '127.0.0.1' };
    expect(readGitEvent(unsigned, secret)).toEqual({ kind: 'unauthenticated', message: 'The call is not signed: X-Hub-Signature-256 is missing.' });
    expect(readGitEvent({ ...unsigned, headers: {} }, secret)).toMatchObject({ kind: 'bad-request' });
  });
});
