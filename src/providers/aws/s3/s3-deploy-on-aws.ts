import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import mime from 'mime';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { S3DeployConfiguration } from '../../s3-deploy/s3-deploy-configuration.js';
import { AwsActionFailure } from '../shared/aws-failure.js';

/**
 * The S3 deploy action into a real bucket: with Extract, every file of the artifact becomes an object
 * under ObjectKey with its content type from its extension; without, the artifact's zip is stored at
 * ObjectKey. CannedACL, CacheControl and KMSEncryptionKeyARN go on every object, as on AWS. Objects the
 * artifact no longer has are left in the bucket, as AWS leaves them.
 */
export async function deployToS3(job: ActionJob, tools: ProviderTools, configuration: S3DeployConfiguration, s3: S3Client, signal: AbortSignal): Promise<ActionOutcome> {
  const input = job.inputArtifacts[0];
  if (input === undefined || job.inputArtifacts.length > 1) throw new AwsActionFailure('ConfigurationError', `An S3 deploy action takes exactly one input artifact; this one has ${job.inputArtifacts.length}.`);
  const common = objectSettings(configuration);
  const target = `s3://${configuration.bucket}/${configuration.objectKey}`;
  if (!configuration.extract) {
    const zipPath = join(tools.workspace, 'deploy.zip');
    await tools.artifacts.writeZip(input.ref, zipPath);
    const put = await s3.send(new PutObjectCommand({ ...common, Key: configuration.objectKey, Body: await readFile(zipPath), ContentType: 'application/zip' }), { abortSignal: signal });
    const summary = `Stored ${input.name} as ${target} on Amazon S3${put.VersionId !== undefined ? ` (version ${put.VersionId})` : ''}`;
    tools.log.line('system', summary);
    return { status: 'Succeeded', summary, ...(put.VersionId !== undefined ? { externalExecutionId: put.VersionId } : {}) };
  }
  const checkout = await tools.artifacts.checkout(input.ref, join(tools.workspace, 'deploy'), 'read-only');
  try {
    const entries = await readdir(checkout.directory, { recursive: true, withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => relative(checkout.directory, join(entry.parentPath, entry.name)));
    tools.log.line('system', `Deploying ${files.length} files of ${input.name} to ${target} on Amazon S3.`);
    for (const file of files.sort()) {
      signal.throwIfAborted();
      const key = configuration.objectKey === '' ? file : `${configuration.objectKey}/${file}`;
      await s3.send(
        new PutObjectCommand({ ...common, Key: key, Body: await readFile(join(checkout.directory, file)), ContentType: mime.getType(file) ?? 'application/octet-stream' }),
        { abortSignal: signal },
      );
    }
    const summary = `Deployed ${files.length} files to ${target} on Amazon S3`;
    tools.log.line('system', summary);
    return { status: 'Succeeded', summary };
  } finally {
    await checkout.release();
  }
}

function objectSettings(configuration: S3DeployConfiguration): Omit<PutObjectCommandInput, 'Key'> {
  const metadata = configuration.metadata;
  const acl = metadata['x-amz-acl'];
  const kmsKey = metadata['x-amz-server-side-encryption-aws-kms-key-id'];
  return {
    Bucket: configuration.bucket,
    ...(acl !== undefined ? { ACL: acl as PutObjectCommandInput['ACL'] } : {}),
    ...(configuration.cacheControl !== undefined ? { CacheControl: configuration.cacheControl } : {}),
    ...(kmsKey !== undefined ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKey } : {}),
  };
}
