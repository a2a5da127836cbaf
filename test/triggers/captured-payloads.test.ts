import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGitEvent } from '../../src/engine/change-detection/git-events/read-git-event.js';
import type { IncomingCall } from '../../src/engine/change-detection/incoming-call.js';
import { hostHeaders } from './kit/payloads.js';

/**
 * Real payloads as GitHub, GitLab and Gitea publish them (fixtures/SOURCES.md says where each comes
 * from), sent as a host sends them: the file's bytes as the body, signed the host's way.
 */
const secret = 'captured-secret';

function captured(host: 'GitHub' | 'GitLab' | 'Gitea', event: string, file: string): IncomingCall {
  const body = readFileSync(new URL(`./fixtures/${file}`, import.meta.url));
  return { body, headers: hostHeaders(host, event, body.toString('utf8'), secret), remoteAddress: '127.0.0.1' };
}

const read = (host: 'GitHub' | 'GitLab' | 'Gitea', event: string, file: string) => readGitEvent(captured(host, event, file), secret);

describe('captured payloads of GitHub (octokit/webhooks examples)', () => {
  it('reads a push that created a branch: no before, the files its commit listed', () => {
    expect(read('GitHub', 'push', 'github/push-new-branch.json')).toEqual({
      host: 'GitHub',
      event: { kind: 'push', repository: 'Codertocat/Hello-World', ref: 'refs/heads/master', after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', files: ['README.md'] },
    });
  });

  it('ignores a push that deleted a tag, and a ping', () => {
    expect(read('GitHub', 'push', 'github/push-tag-deleted.json')).toEqual({ host: 'GitHub', event: { kind: 'ignored', reason: 'The push deleted refs/tags/simple-tag.' } });
    expect(read('GitHub', 'ping', 'github/ping.json')).toEqual({
      host: 'GitHub',
      event: { kind: 'ignored', reason: 'The ping event does not start pipelines (push and pull_request do).' },
    });
  });

  it.each([
    ['opened', 'OPEN'],
    ['synchronize', 'UPDATED'],
    ['closed', 'CLOSED'],
  ])('reads a pull request %s as %s', (action, event) => {
    expect(read('GitHub', 'pull_request', `github/pull-request-${action}.json`)).toEqual({
      host: 'GitHub',
      event: {
        kind: 'pull-request',
        repository: 'Codertocat/Hello-World',
        event,
        sourceBranch: 'changes',
        destinationBranch: 'master',
        headCommit: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        baseCommit: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      },
    });
  });

  it('ignores a pull request labeled', () => {
    expect(read('GitHub', 'pull_request', 'github/pull-request-labeled.json')).toEqual({
      host: 'GitHub',
      event: { kind: 'ignored', reason: 'The pull request action labeled does not start pipelines.' },
    });
  });

  it('refuses a captured payload whose signature was made with another secret', () => {
    const call = captured('GitHub', 'push', 'github/push-new-branch.json');
    expect(readGitEvent(call, 'another-secret')).toMatchObject({ kind: 'unauthenticated' });
  });
});

describe("captured payloads of GitLab (its docs' webhook events page)", () => {
  it('reads a push whose commit list is shorter than total_commits_count: the files are left to git', () => {
    expect(read('GitLab', 'Push Hook', 'gitlab/push.json')).toEqual({
      host: 'GitLab',
      event: {
        kind: 'push',
        repository: 'mike/diaspora',
        ref: 'refs/heads/master',
        before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
        after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      },
    });
  });

  it('reads a tag push that created the tag', () => {
    expect(read('GitLab', 'Tag Push Hook', 'gitlab/tag-push.json')).toEqual({
      host: 'GitLab',
      event: { kind: 'push', repository: 'jsmith/example', ref: 'refs/tags/v1.0.0', after: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7' },
    });
  });

  it('reads a merge request opened', () => {
    expect(read('GitLab', 'Merge Request Hook', 'gitlab/merge-request-open.json')).toEqual({
      host: 'GitLab',
      event: {
        kind: 'pull-request',
        repository: 'gitlabhq/gitlab-test',
        event: 'OPEN',
        sourceBranch: 'ms-viewport',
        destinationBranch: 'master',
        headCommit: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      },
    });
  });
});

describe("captured payloads of Gitea (its docs' event information)", () => {
  it('reads a push whose commits carry no file lists: the files are left to git', () => {
    expect(read('Gitea', 'push', 'gitea/push.json')).toEqual({
      host: 'Gitea',
      event: {
        kind: 'push',
        repository: 'gitea/webhooks',
        ref: 'refs/heads/develop',
        before: '28e1879d029cb852e4844d9c718537df08844e03',
        after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
      },
    });
  });
});
