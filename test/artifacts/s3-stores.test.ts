import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactOwner } from '../../src/core/contracts/artifact-store.js';
import { createS3Client, openArtifactStorage, S3ArtifactStore, S3ObjectStore } from '../../src/artifacts/index.js';
import { startTestS3, type TestS3 } from './kit/s3-server.js';
import { contentOf, removeTemporaryDirectories, sampleTree, temporaryDirectory, writeTree } from './kit/trees.js';

const owner: ArtifactOwner = { pipelineName: 'pipeline-on-s3', artifactName: 'BuildOutput', executionId: '0b7c5f0e-0000-4000-8000-000000000003' };

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3(['artifacts', 'deploy-target', 'sources']);
});
afterAll(async () => {
  removeTemporaryDirectories();
  await s3.close();
});

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('S3ArtifactStore against s3rver', () => {
  const store = () => new S3ArtifactStore(createS3Client(s3.settings), s3.settings.bucket, temporaryDirectory('s3-scratch'));

  it('stores a tree as a zip object at <pipeline>/<artifact>/<random> and checks it out again', async () => {
    const source = writeTree(temporaryDirectory(), sampleTree);
    const ref = await store().putDirectory(source, owner);
    expect(ref.bucket).toBe('artifacts');
    expect(ref.key).toMatch(/^pipeline-on-s3\/BuildOutpu\/[A-Za-z0-9]{7}$/);
    expect(ref.fileCount).toBe(5);
    const listed = await createS3Client(s3.settings).send(new ListObjectsV2Command({ Bucket: 'artifacts', Prefix: 'pipeline-on-s3/' }));
    expect(listed.Contents?.map((object) => object.Key)).toContain(ref.key);

    const checkout = await store().checkout(ref, join(temporaryDirectory(), 'out'), 'writable');
    expect(contentOf(checkout.directory)).toEqual(contentOf(source));
    await checkout.release();

    const zipPath = join(temporaryDirectory(), 'artifact.zip');
    await store().writeZip(ref, zipPath);
    const extracted = temporaryDirectory();
    execFileSync('unzip', ['-q', zipPath, '-d', extracted]);
    expect(contentOf(extracted)).toEqual(contentOf(source));
  });

  it('computes the same digest as the filesystem store, from directories and from zips', async () => {
    const source = writeTree(temporaryDirectory(), sampleTree);
    const fromDirectory = await store().putDirectory(source, owner);
    const zipPath = join(temporaryDirectory(), 'made-by-zip.zip');
    execFileSync('zip', ['-q', '-r', '-y', zipPath, '.'], { cwd: source });
    const fromZip = await store().putZip(zipPath, owner);
    expect(fromZip.digest).toBe(fromDirectory.digest);
    const local = await openArtifactStorage({ dataDir: temporaryDirectory('local'), overlay: 'off' });
    expect((await local.artifacts.putDirectory(source, owner)).digest).toBe(fromDirectory.digest);
  });

  it('consumes a directory it was given', async () => {
    const source = writeTree(temporaryDirectory(), sampleTree);
    const ref = await store().putDirectory(source, owner, { consume: true });
    expect(await store().exists(ref)).toBe(true);
    expect(existsSync(source)).toBe(false);
  });

  it('sweeps artifacts older than the cut-off unless their digest is kept', async () => {
    const kept = await store().putDirectory(writeTree(temporaryDirectory(), { 'kept.txt': { content: 'kept' } }), owner);
    const old = await store().putDirectory(writeTree(temporaryDirectory(), { 'old.txt': { content: 'old' } }), owner);
    // S3 keeps modification times in whole seconds: the cut-off is a little after both puts.
    const result = await store().sweep({ olderThan: Date.now() + 2000, keep: new Set([kept.digest]) });
    expect(result.removedArtifacts).toBeGreaterThanOrEqual(1);
    expect(result.freedBytes).toBeGreaterThan(0);
    expect(await store().exists(old)).toBe(false);
    expect(await store().exists(kept)).toBe(true);
    await expect(store().checkout(old, join(temporaryDirectory(), 'gone'), 'read-only')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    expect(await store().sweep({ olderThan: 0, keep: new Set() })).toEqual({ removedArtifacts: 0, freedBytes: 0 });
  });
});

describe('S3ObjectStore against s3rver', () => {
  const objects = () => new S3ObjectStore(createS3Client(s3.settings), temporaryDirectory('s3-spool'));

  it('puts, heads, gets and lists objects with their metadata', async () => {
    const version = await objects().putObject({
      bucket: 'sources',
      key: 'app/source.zip',
      body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]),
      metadata: { 'codepipeline-artifact-revision-summary': 'release 1' },
      contentType: 'application/zip',
      cacheControl: 'no-store',
    });
    expect(version.etag).toBe(`"${createHash('md5').update('streamed body').digest('hex')}"`);
    expect(version.size).toBe(13);
    const head = await objects().headObject('sources', 'app/source.zip');
    expect(head).toMatchObject({
      versionId: version.versionId,
      etag: version.etag,
      size: 13,
      metadata: { 'codepipeline-artifact-revision-summary': 'release 1' },
      contentType: 'application/zip',
      cacheControl: 'no-store',
    });
    const got = await objects().getObject('sources', 'app/source.zip');
    expect(await text(got!.body)).toBe('streamed body');
    await objects().putObject({ bucket: 'sources', key: 'app/other.zip', body: 'x' });
    expect((await objects().listObjects('sources', 'app/')).map((object) => object.key)).toEqual(['app/other.zip', 'app/source.zip']);
    expect(await objects().headObject('sources', 'missing')).toBeUndefined();
    expect(await objects().getObject('sources', 'missing')).toBeUndefined();
  });

  it('derives revisions from the ETag when the bucket does not version (s3rver has no versioning)', async () => {
    const first = await objects().putObject({ bucket: 'sources', key: 'revisions.zip', body: 'one' });
    expect(first.versionId).toBe(`etag-${createHash('md5').update('one').digest('hex')}`);
    const second = await objects().putObject({ bucket: 'sources', key: 'revisions.zip', body: 'two' });
    expect(second.versionId).not.toBe(first.versionId);
    expect(await text((await objects().getObject('sources', 'revisions.zip', second.versionId))!.body)).toBe('two');
    // The older content is gone from an unversioned bucket: asking for it says so instead of returning the newer one.
    expect(await objects().getObject('sources', 'revisions.zip', first.versionId)).toBeUndefined();
    expect(await objects().headObject('sources', 'revisions.zip', first.versionId)).toBeUndefined();
  });

  it('replaces a prefix: uploads the new files and deletes the keys they do not have', async () => {
    await objects().putObject({ bucket: 'deploy-target', key: 'www/old.html', body: 'old' });
    await objects().putObject({ bucket: 'deploy-target', key: 'elsewhere.txt', body: 'stays' });
    await objects().replacePrefix({
      bucket: 'deploy-target',
      prefix: 'www',
      directory: writeTree(temporaryDirectory(), { 'index.html': { content: 'new' }, 'css/a.css': { content: 'a' } }),
      metadata: { release: '2' },
      cacheControl: 'max-age=300',
    });
    expect((await objects().listObjects('deploy-target')).map((object) => object.key)).toEqual(['elsewhere.txt', 'www/css/a.css', 'www/index.html']);
    expect(await objects().headObject('deploy-target', 'www/index.html')).toMatchObject({ metadata: { release: '2' }, cacheControl: 'max-age=300' });
    await objects().deleteObject('deploy-target', 'elsewhere.txt');
    expect(await objects().headObject('deploy-target', 'elsewhere.txt')).toBeUndefined();
  });
});

describe('openArtifactStorage', () => {
  it('opens the S3 stores when an endpoint is configured, the filesystem ones otherwise', async () => {
    const onS3 = await openArtifactStorage({ dataDir: temporaryDirectory('with-s3'), s3: s3.settings });
    expect(onS3.artifacts).toBeInstanceOf(S3ArtifactStore);
    expect(onS3.objects).toBeInstanceOf(S3ObjectStore);
    expect(onS3.description).toContain('bucket artifacts');
    const ref = await onS3.artifacts.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    expect(await onS3.artifacts.exists(ref)).toBe(true);
    await onS3.close();

    const dataDir = temporaryDirectory('local');
    const local = await openArtifactStorage({ dataDir });
    await local.objects.putObject({ bucket: 'b1', key: 'k', body: 'on disk' });
    expect(readFileSync(join(dataDir, 'buckets/b1/k'), 'utf8')).toBe('on disk');
    expect(local.description).toMatch(/^filesystem/);
  });

  it('applies the retention period: only artifacts older than it, and not kept, are swept', async () => {
    const storage = await openArtifactStorage({ dataDir: temporaryDirectory('retention'), retentionMs: 60_000, overlay: 'off' });
    const ref = await storage.artifacts.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    expect(await storage.sweep(new Set())).toEqual({ removedArtifacts: 0, freedBytes: 0 });
    expect(await storage.sweep(new Set([ref.digest]), Date.now() + 120_000)).toMatchObject({ removedArtifacts: 0 });
    expect(await storage.sweep(new Set(), Date.now() + 120_000)).toMatchObject({ removedArtifacts: 1 });
    expect(await storage.artifacts.exists(ref)).toBe(false);
  });
});
