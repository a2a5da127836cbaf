import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import { AwsActionFailure } from './aws-failure.js';
import { uploadObject } from './s3-upload.js';

export interface UploadedRevision {
  bucket: string;
  key: string;
  eTag?: string;
  version?: string;
}

/**
 * CodeDeploy and Elastic Beanstalk read a revision from Amazon S3, so the input artifact goes there
 * first: as a zip, under `<pipeline>/<artifact>/<action execution id>.zip` of the configured bucket, as
 * CodePipeline's own artifact bucket would hold it. Without a bucket the action cannot run, and says so.
 */
export async function uploadRevision(job: ActionJob, tools: ProviderTools, bucket: string | undefined, service: string): Promise<UploadedRevision> {
  const input = job.inputArtifacts[0];
  if (input === undefined) throw new AwsActionFailure('ConfigurationError', `A ${service} action takes one input artifact: the revision to deploy.`);
  if (bucket === undefined) {
    throw new AwsActionFailure(
      'ConfigurationError',
      `${service} reads revisions from Amazon S3, and this server keeps artifacts where ${service} cannot read them. Set PIPEWRIGHT_AWS_ARTIFACT_BUCKET ` +
        `to an S3 bucket in ${job.action.region} that ${service} can read: Pipewright uploads ${input.name} there as a zip and deploys it from there.`,
    );
  }
  const zipPath = join(tools.workspace, 'revision.zip');
  await tools.artifacts.writeZip(input.ref, zipPath);
  const key = `${job.pipeline.name}/${input.name}/${job.action.actionExecutionId}.zip`;
  const { eTag, version } = await uploadObject(job.action.region, bucket, key, await readFile(zipPath), 'application/zip');
  tools.log.line('system', `Uploaded ${input.name} to s3://${bucket}/${key}.`);
  return { bucket, key, ...(eTag !== undefined ? { eTag } : {}), ...(version !== undefined ? { version } : {}) };
}
