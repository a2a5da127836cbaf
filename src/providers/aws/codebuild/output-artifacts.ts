import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Build } from '@aws-sdk/client-codebuild';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ArtifactRef } from '../../../core/contracts/artifact-store.js';
import { s3ClientConfig } from '../shared/aws-client-settings.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { artifactLocations, s3Location } from './build-outcome.js';

/**
 * The action's output artifacts from where the build put them (a zip each in the artifact bucket, as
 * artifactsOverride asked), downloaded into this server's artifact store under the output's name.
 */
export async function downloadOutputArtifacts(job: ActionJob, tools: ProviderTools, build: Build, signal: AbortSignal): Promise<Record<string, ArtifactRef>> {
  const outputs: Record<string, ArtifactRef> = {};
  const locations = artifactLocations(build, job.outputArtifacts.map((output) => output.name));
  if (locations.size === 0) return outputs;
  const s3 = new S3Client(s3ClientConfig(job.action.region));
  try {
    for (const [name, artifacts] of locations) {
      const where = s3Location(artifacts?.location ?? '');
      if (where === undefined) {
        throw new AwsActionFailure('JobFailed', `The build ${build.id ?? ''} reported no S3 location for the output artifact ${name} (${artifacts?.location ?? 'none'}); does the buildspec's artifacts section name its files?`);
      }
      const zipPath = join(tools.workspace, `output-${name}.zip`);
      const object = await s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), { abortSignal: signal });
      await pipeline(object.Body as Readable, createWriteStream(zipPath), { signal });
      outputs[name] = await tools.artifacts.putZip(zipPath, { pipelineName: job.pipeline.name, artifactName: name, executionId: job.pipeline.executionId });
      tools.log.line('system', `Downloaded ${name} from s3://${where.bucket}/${where.key}.`);
    }
  } finally {
    s3.destroy();
  }
  return outputs;
}
