import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { uploadObject } from '../shared/s3-upload.js';

/** An input artifact uploaded where CodeBuild reads it: an S3 source location is `bucket/key` (ProjectSource, location). */
export interface UploadedSource {
  artifactName: string;
  location: string;
}

/**
 * CodeBuild reads its sources from places it can reach, and this server's artifact store is not one:
 * each input artifact goes, as a zip, to `<pipeline>/<artifact>/<action execution id>.zip` of the
 * bucket PIPEWRIGHT_AWS_ARTIFACT_BUCKET names, as CodePipeline's own artifact bucket would hold it.
 */
export async function uploadSources(job: ActionJob, tools: ProviderTools, bucket: string | undefined): Promise<{ bucket: string; sources: UploadedSource[] }> {
  if (bucket === undefined) {
    throw new AwsActionFailure(
      'ConfigurationError',
      `AWS CodeBuild reads its sources from Amazon S3, and this server keeps artifacts where CodeBuild cannot read them. Set PIPEWRIGHT_AWS_ARTIFACT_BUCKET ` +
        `to an S3 bucket in ${job.action.region} that the project's service role can read and write: Pipewright uploads the input artifacts there as zips, and CodeBuild puts the output artifacts there.`,
    );
  }
  const uploaded: UploadedSource[] = [];
  for (const input of job.inputArtifacts) {
    const zipPath = join(tools.workspace, `${input.name}.zip`);
    await tools.artifacts.writeZip(input.ref, zipPath);
    const key = `${job.pipeline.name}/${input.name}/${job.action.actionExecutionId}.zip`;
    await uploadObject(job.action.region, bucket, key, await readFile(zipPath), 'application/zip');
    tools.log.line('system', `Uploaded ${input.name} to s3://${bucket}/${key}.`);
    uploaded.push({ artifactName: input.name, location: `${bucket}/${key}` });
  }
  return { bucket, sources: uploaded };
}
