import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { describeImage, imageDetailJson, imageUri } from './ecr-image.js';

/**
 * The Amazon ECR source action (Source/AWS/ECR): the image the tag names (or the digest the execution
 * was pinned to) becomes the output artifact's imageDetail.json, its digest the revision, and
 * RegistryId, RepositoryName, ImageTag, ImageDigest and ImageURI the output variables. Reading has no
 * side effect: rerunnable. Change detection polls the tag's digest (`ecr-changes.ts`).
 */
export class EcrSourceProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' }];
  readonly rerunnable = true;
  readonly load = 'waiting' as const;

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const region = job.action.region;
    const client = new ECRClient(clientConfig(region));
    try {
      const repositoryName = job.action.configuration.RepositoryName ?? '';
      const imageTag = job.action.configuration.ImageTag || 'latest';
      if (repositoryName === '') throw new AwsActionFailure('ConfigurationError', 'RepositoryName is required: the Amazon ECR repository to watch.');
      const pinned = job.pinnedRevision?.find((revision) => revision.revisionType === 'IMAGE_DIGEST')?.revisionValue;
      const image = await describeImage(client, repositoryName, pinned !== undefined ? { imageDigest: pinned } : { imageTag });
      const digest = image.imageDigest ?? '';
      const output = job.outputArtifacts[0];
      if (output === undefined) throw new AwsActionFailure('ConfigurationError', 'An ECR source action has one output artifact, which receives imageDetail.json.');
      const directory = join(tools.workspace, 'image');
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, 'imageDetail.json'), imageDetailJson(image, region));
      const ref = await tools.artifacts.putDirectory(directory, { pipelineName: job.pipeline.name, artifactName: output.name, executionId: job.pipeline.executionId }, { consume: true });
      const summary = `Image ${repositoryName}:${imageTag} at ${digest}`;
      tools.log.line('system', summary);
      return {
        status: 'Succeeded',
        summary,
        outputArtifacts: { [output.name]: ref },
        outputVariables: { RegistryId: image.registryId ?? '', RepositoryName: repositoryName, ImageTag: imageTag, ImageDigest: digest, ImageURI: imageUri(image, region) },
        revision: { revisionId: digest, revisionSummary: `Image tag ${imageTag}`, ...(image.imagePushedAt !== undefined ? { created: image.imagePushedAt.getTime() } : {}) },
      };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.ecr, region);
      tools.log.line('system', `ECR source FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
    }
  }
}
