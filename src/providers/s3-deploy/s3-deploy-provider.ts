import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../core/declaration/types.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { DeployConfigurationError, readS3DeployConfiguration, type S3DeployConfiguration } from './s3-deploy-configuration.js';

/**
 * The S3 deploy action (Deploy/AWS/S3): the one input artifact into a bucket of the object store.
 *
 * - Extract=true: the artifact's files replace everything under the ObjectKey prefix (the bucket's root
 *   without one) with ObjectStore.replacePrefix, so a reader of the filesystem store sees the previous
 *   deploy or this one, never half of each. Unlike AWS, which only overwrites, files the artifact no
 *   longer has are gone from the prefix afterwards: the prefix is the deploy.
 * - Extract=false: the artifact, zipped, is stored at ObjectKey (a new version of that object).
 *
 * CacheControl is the objects' Cache-Control; CannedACL and KMSEncryptionKeyARN are kept as their
 * metadata (`x-amz-acl`, `x-amz-server-side-encryption-aws-kms-key-id`): the local store does not
 * enforce ACLs or encrypt. Deploying the same artifact again gives the same objects: rerunnable.
 */
export class S3DeployProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }];
  readonly rerunnable = true;

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    let configuration: S3DeployConfiguration;
    try {
      configuration = readS3DeployConfiguration(job.action.configuration);
    } catch (error) {
      if (error instanceof DeployConfigurationError) return failure(tools, 'ConfigurationError', error.message);
      throw error;
    }
    const input = job.inputArtifacts[0];
    if (input === undefined || job.inputArtifacts.length > 1) {
      return failure(tools, 'ConfigurationError', `An S3 deploy action takes exactly one input artifact; this one has ${job.inputArtifacts.length}.`);
    }
    signal.throwIfAborted();
    try {
      return configuration.extract ? await this.extract(job, tools, configuration, input.ref) : await this.storeZip(job, tools, configuration, input.ref);
    } catch (error) {
      // The object store refuses a key or bucket it cannot hold (names, a key that is a folder…).
      if (isPipewrightError(error) && error.code === 'ValidationException') return failure(tools, 'ConfigurationError', error.message);
      if (error instanceof Error && error.name === 'NoSuchBucket') return failure(tools, 'ConfigurationError', `The bucket ${configuration.bucket} does not exist.`);
      throw error;
    }
  }

  private async extract(job: ActionJob, tools: ProviderTools, configuration: S3DeployConfiguration, ref: ActionJob['inputArtifacts'][number]['ref']): Promise<ActionOutcome> {
    const target = `s3://${configuration.bucket}/${configuration.objectKey}`;
    tools.log.line('system', `Deploying ${files(ref.fileCount)} (${ref.size} bytes) of ${job.inputArtifacts[0]?.name ?? ''} to ${target}, replacing what is there.`);
    const checkout = await tools.artifacts.checkout(ref, join(tools.workspace, 'deploy'), 'read-only');
    try {
      await tools.objects.replacePrefix({
        bucket: configuration.bucket,
        prefix: configuration.objectKey,
        directory: checkout.directory,
        metadata: configuration.metadata,
        ...(configuration.cacheControl !== undefined ? { cacheControl: configuration.cacheControl } : {}),
      });
    } finally {
      await checkout.release();
    }
    const summary = `Deployed ${files(ref.fileCount)} (${ref.size} bytes) to ${target}`;
    tools.log.line('system', summary);
    return { status: 'Succeeded', summary };
  }

  private async storeZip(job: ActionJob, tools: ProviderTools, configuration: S3DeployConfiguration, ref: ActionJob['inputArtifacts'][number]['ref']): Promise<ActionOutcome> {
    const zipPath = join(tools.workspace, 'deploy.zip');
    await tools.artifacts.writeZip(ref, zipPath);
    const version = await tools.objects.putObject({
      bucket: configuration.bucket,
      key: configuration.objectKey,
      body: createReadStream(zipPath),
      metadata: configuration.metadata,
      contentType: 'application/zip',
      ...(configuration.cacheControl !== undefined ? { cacheControl: configuration.cacheControl } : {}),
    });
    const summary = `Stored ${job.inputArtifacts[0]?.name ?? 'the artifact'} as s3://${configuration.bucket}/${configuration.objectKey} (${version.size} bytes, version ${version.versionId})`;
    tools.log.line('system', summary);
    return { status: 'Succeeded', summary, externalExecutionId: version.versionId };
  }
}

function failure(tools: ProviderTools, failureType: 'ConfigurationError', message: string): ActionOutcome {
  tools.log.line('system', `Deploy FAILED: ${message}`);
  return { status: 'Failed', failureType, message };
}

function files(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}
