import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import type { ActionDeclaration, PipelineDeclaration } from '../../src/core/declaration/types.js';
import { sourceActionsOf } from '../../src/engine/change-detection/source-actions.js';
import { SourceIndex } from '../../src/engine/change-detection/source-index.js';
import { openStore } from '../../src/store/open-store.js';

function source(name: string, provider: string, configuration: Record<string, string>, owner: 'AWS' | 'ThirdParty' | 'Custom' = 'AWS'): ActionDeclaration {
  return { name, actionTypeId: { category: 'Source', owner, provider, version: '1' }, configuration, outputArtifacts: [{ name: `${name}Out` }] };
}

function pipeline(name: string, sources: ActionDeclaration[], extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'b' },
    stages: [
      { name: 'Source', actions: sources },
      { name: 'Build', actions: [{ name: 'Make', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, inputArtifacts: [{ name: `${sources[0]!.name}Out` }] }] },
    ],
    ...extra,
  };
}

const connection = { ConnectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/x', FullRepositoryId: 'acme/app', BranchName: 'main' };

describe('how each source action detects changes', () => {
  it('follows PollForSourceChanges, DetectChanges and triggers as AWS does', () => {
    const declaration = pipeline(
      'p',
      [
        source('CommitDefault', 'CodeCommit', { RepositoryName: 'app', BranchName: 'main' }),
        source('CommitEvents', 'CodeCommit', { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'FALSE' }),
        source('Bucket', 'S3', { S3Bucket: 'b', S3ObjectKey: 'k.zip' }),
        source('BucketQuiet', 'S3', { S3Bucket: 'b', S3ObjectKey: 'k.zip', PollForSourceChanges: 'false' }),
        source('Connected', 'CodeStarSourceConnection', connection),
        source('Triggered', 'CodeStarSourceConnection', connection),
        source('Quiet', 'CodeStarSourceConnection', { ...connection, DetectChanges: 'false' }),
        source('Custom', 'Jenkins', { Job: 'x' }, 'Custom'),
      ],
      { triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: { sourceActionName: 'Triggered', push: [{ branches: { includes: ['main'] } }] } }] },
    );
    expect(sourceActionsOf(declaration).map((found) => [found.action.name, found.detection, found.revisionType])).toEqual([
      ['CommitDefault', 'poll', 'COMMIT_ID'],
      ['CommitEvents', 'push-event', 'COMMIT_ID'],
      ['Bucket', 'poll', 'S3_OBJECT_VERSION_ID'],
      ['BucketQuiet', 'none', 'S3_OBJECT_VERSION_ID'],
      ['Connected', 'poll', 'COMMIT_ID'],
      ['Triggered', 'triggers', 'COMMIT_ID'],
      ['Quiet', 'none', 'COMMIT_ID'],
      ['Custom', 'none', undefined],
    ]);
  });

  it('keys a source by where it reads, not by how it polls', () => {
    const key = (configuration: Record<string, string>) => sourceActionsOf(pipeline('p', [source('S', 'CodeCommit', configuration)]))[0]?.sourceKey;
    expect(key({ RepositoryName: 'app', BranchName: 'main' })).toBe(key({ RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'true' }));
    expect(key({ RepositoryName: 'app', BranchName: 'main' })).not.toBe(key({ RepositoryName: 'app', BranchName: 'release' }));
  });
});

describe('the source index', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('sees pipelines created, updated, deleted and re-created through the store by someone else', async () => {
    const index = new SourceIndex(store);
    const polled = pipeline('p', [source('S', 'CodeCommit', { RepositoryName: 'app', BranchName: 'main' })]);
    await store.createPipeline({ declaration: polled, now: 1 });
    await index.sync();
    expect(index.sources().map((found) => found.detection)).toEqual(['poll']);

    const evented = pipeline('p', [source('S', 'CodeCommit', { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'false' })]);
    await store.updatePipeline({ declaration: evented, expectedVersion: 1, now: 2 });
    await index.sync();
    expect(index.sources().map((found) => found.detection)).toEqual(['push-event']);

    // Deleted and created again: version 1 again, but not the same pipeline.
    await store.deletePipeline('p');
    await store.createPipeline({ declaration: polled, now: 3 });
    await index.sync();
    expect(index.sources().map((found) => found.detection)).toEqual(['poll']);

    await store.deletePipeline('p');
    await index.sync();
    expect(index.sources()).toEqual([]);
    expect(index.declaration('p')).toBeUndefined();
  });
});
