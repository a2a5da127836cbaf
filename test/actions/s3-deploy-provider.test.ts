import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../src/core/contracts/action-provider.js';
import type { ArtifactRef } from '../../src/core/contracts/artifact-store.js';
import { S3DeployProvider } from '../../src/providers/s3-deploy/s3-deploy-provider.js';
import { ProviderKit } from '../providers/codebuild/provider-kit.js';

const deployType = { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' } as const;
const kmsKey = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The S3 deploy provider over the filesystem object store: what lands in the bucket folder, and its metadata. */
describe('S3DeployProvider', () => {
  let kit: ProviderKit;
  beforeEach(async () => {
    kit = await ProviderKit.open();
  });
  afterEach(async () => {
    await kit.dispose();
  });

  async function deploy(configuration: Record<string, string>, input: ArtifactRef): Promise<ActionOutcome> {
    const job = kit.job({ typeId: deployType, configuration }, { inputArtifacts: [{ name: 'Site', ref: input }], outputArtifacts: [] });
    return new S3DeployProvider().run(job, kit.tools(job), new AbortController().signal);
  }

  it('replaces the prefix with the new deploy, keeping cache control, ACL and the key id as metadata', async () => {
    const bucket = join(kit.dataDir, 'buckets', 'www');
    const first = await kit.artifact('Site', { 'index.html': 'v1', 'old/page.html': 'gone soon' });
    expect(await deploy({ BucketName: 'www', Extract: 'true', ObjectKey: 'app/' }, first)).toMatchObject({ status: 'Succeeded', summary: 'Deployed 2 files (11 bytes) to s3://www/app' });
    const second = await kit.artifact('Site', { 'index.html': 'v2', 'assets/app.js': 'run()' });
    const outcome = await deploy({ BucketName: 'www', Extract: 'TRUE', ObjectKey: 'app', CacheControl: 'no-cache', CannedACL: 'public-read', KMSEncryptionKeyARN: kmsKey }, second);
    expect(outcome.status).toBe('Succeeded');
    expect(readFileSync(join(bucket, 'app', 'index.html'), 'utf8')).toBe('v2');
    expect(readFileSync(join(bucket, 'app', 'assets', 'app.js'), 'utf8')).toBe('run()');
    expect(existsSync(join(bucket, 'app', 'old'))).toBe(false);
    expect(await kit.storage.objects.headObject('www', 'app/assets/app.js')).toMatchObject({
      cacheControl: 'no-cache',
      metadata: { 'x-amz-acl': 'public-read', 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kmsKey },
    });
    expect(await kit.storage.objects.headObject('www', 'app/old/page.html')).toBeUndefined();
  });

  it('stores the artifact as a zip at ObjectKey when not extracting', async () => {
    const site = await kit.artifact('Site', { 'index.html': '<p>zipped</p>' });
    const outcome = await deploy({ BucketName: 'releases', Extract: 'false', ObjectKey: 'site/1.0.zip' }, site);
    const stored = await kit.storage.objects.getObject('releases', 'site/1.0.zip');
    expect(outcome).toEqual({
      status: 'Succeeded',
      summary: `Stored Site as s3://releases/site/1.0.zip (${stored?.version.size} bytes, version ${stored?.version.versionId})`,
      externalExecutionId: stored?.version.versionId,
    });
    expect(stored?.version.contentType).toBe('application/zip');
    expect(readFileSync(join(kit.dataDir, 'buckets', 'releases', 'site', '1.0.zip')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(readdirSync(join(kit.dataDir, 'buckets', 'releases', 'site'))).toEqual(['1.0.zip']);
  });

  it('fails with ConfigurationError on a configuration S3 would refuse', async () => {
    const site = await kit.artifact('Site', { 'index.html': 'x' });
    expect(await deploy({ BucketName: 'www', Extract: 'yes' }, site)).toEqual({ status: 'Failed', failureType: 'ConfigurationError', message: 'Extract must be true or false; it is "yes".' });
    expect(await deploy({ BucketName: 'www', Extract: 'false' }, site)).toMatchObject({ failureType: 'ConfigurationError', message: expect.stringContaining('ObjectKey is required when Extract is false') as unknown });
    expect(await deploy({ BucketName: 'www', Extract: 'true', CannedACL: 'everyone' }, site)).toMatchObject({ failureType: 'ConfigurationError', message: expect.stringContaining('is not one of S3\'s canned ACLs') as unknown });
    expect(await deploy({ BucketName: 'bad bucket', Extract: 'true' }, site)).toMatchObject({
      failureType: 'ConfigurationError',
      message: expect.stringContaining('bucket name "bad bucket" is not valid') as unknown,
    });
  });
});
