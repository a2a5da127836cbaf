import { describe, expect, it } from 'vitest';
import type { GitConfiguration } from '../../src/core/declaration/types.js';
import type { GitEvent } from '../../src/engine/change-detection/git-events/git-event.js';
import { matchTrigger } from '../../src/engine/change-detection/git-events/trigger-filters.js';

type Push = Extract<GitEvent, { kind: 'push' }>;
type PullRequest = Extract<GitEvent, { kind: 'pull-request' }>;

const pushTo = (ref: string): Push => ({ kind: 'push', repository: 'acme/app', ref, after: 'b'.repeat(40) });
const pullRequest = (event: PullRequest['event'], destinationBranch = 'main'): PullRequest => ({
  kind: 'pull-request',
  repository: 'acme/app',
  event,
  sourceBranch: 'feature/x',
  destinationBranch,
  headCommit: 'b'.repeat(40),
});

/** Changed files that count how often they were asked for: they are computed only when a filter needs them. */
function files(paths: string[]): { get: () => Promise<string[]>; calls: () => number } {
  let calls = 0;
  return {
    get: () => {
      calls += 1;
      return Promise.resolve(paths);
    },
    calls: () => calls,
  };
}

async function matched(configuration: Omit<GitConfiguration, 'sourceActionName'>, event: Push | PullRequest, paths: string[] = []): Promise<boolean> {
  return (await matchTrigger({ sourceActionName: 'Source', ...configuration }, event, files(paths).get)).matched;
}

describe('V2 trigger filters', () => {
  it('matches branches with globs; excludes win over includes', async () => {
    const branches = { push: [{ branches: { includes: ['main', 'release/**'], excludes: ['release/old-*'] } }] };
    expect(await matched(branches, pushTo('refs/heads/main'))).toBe(true);
    expect(await matched(branches, pushTo('refs/heads/release/2024/05'))).toBe(true);
    expect(await matched(branches, pushTo('refs/heads/release/old-1'))).toBe(false);
    expect(await matched(branches, pushTo('refs/heads/feature/x'))).toBe(false);
    // `*` stays within a path segment.
    expect(await matched({ push: [{ branches: { includes: ['feature/*'] } }] }, pushTo('refs/heads/feature/a/b'))).toBe(false);
    expect(await matched({ push: [{ branches: { excludes: ['wip/**'] } }] }, pushTo('refs/heads/anything'))).toBe(true);
  });

  it('matches tags only on tag pushes, branches only on branch pushes', async () => {
    const tags = { push: [{ tags: { includes: ['v*'], excludes: ['v0*'] } }] };
    expect(await matched(tags, pushTo('refs/tags/v1.2.0'))).toBe(true);
    expect(await matched(tags, pushTo('refs/tags/v0.9'))).toBe(false);
    expect(await matched(tags, pushTo('refs/heads/v1'))).toBe(false);
    expect(await matched({ push: [{ branches: { includes: ['**'] } }] }, pushTo('refs/tags/v1'))).toBe(false);
  });

  it('needs one changed file that an include matches and no exclude does, computing files only after the branch matched', async () => {
    const filter = { push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'], excludes: ['**/*.md'] } }] };
    expect(await matched(filter, pushTo('refs/heads/main'), ['docs/a.md', 'src/app.ts'])).toBe(true);
    expect(await matched(filter, pushTo('refs/heads/main'), ['src/README.md', 'docs/x.txt'])).toBe(false);
    expect(await matched(filter, pushTo('refs/heads/main'), ['.github/workflows/ci.yml'])).toBe(false);
    expect(await matched({ push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['**/*.yml'] } }] }, pushTo('refs/heads/main'), ['.github/ci.yml'])).toBe(true);
    const counted = files(['src/app.ts']);
    const other = await matchTrigger({ sourceActionName: 'Source', ...filter }, pushTo('refs/heads/dev'), counted.get);
    expect(other).toEqual({ matched: false, reason: 'push filter 1: the branch dev does not match the branch filter' });
    expect(counted.calls()).toBe(0);
  });

  it('passes when any of the filters passes, and says why each one failed otherwise', async () => {
    const configuration = { push: [{ branches: { includes: ['main'] } }, { tags: { includes: ['release-*'] } }] };
    expect(await matched(configuration, pushTo('refs/tags/release-1'))).toBe(true);
    expect(await matchTrigger({ sourceActionName: 'Source', ...configuration }, pushTo('refs/heads/dev'), files([]).get)).toEqual({
      matched: false,
      reason: 'push filter 1: the branch dev does not match the branch filter; push filter 2: refs/heads/dev is not a tag',
    });
    expect(await matched({ pullRequest: [{ branches: { includes: ['main'] } }] }, pushTo('refs/heads/main'))).toBe(false);
  });

  it('filters pull requests by event (all three by default), destination branch and files', async () => {
    const filter = { pullRequest: [{ events: ['OPEN' as const, 'UPDATED' as const], branches: { includes: ['main'] } }] };
    expect(await matched(filter, pullRequest('OPEN'))).toBe(true);
    expect(await matched(filter, pullRequest('UPDATED'))).toBe(true);
    expect(await matched(filter, pullRequest('CLOSED'))).toBe(false);
    expect(await matched(filter, pullRequest('OPEN', 'develop'))).toBe(false);
    const allEvents = { pullRequest: [{ branches: { includes: ['main'] }, filePaths: { includes: ['app/**'] } }] };
    expect(await matched(allEvents, pullRequest('CLOSED'), ['app/x'])).toBe(true);
    expect(await matched(allEvents, pullRequest('CLOSED'), ['lib/x'])).toBe(false);
    expect(await matched({ push: [{ branches: { includes: ['main'] } }] }, pullRequest('OPEN'))).toBe(false);
  });
});
