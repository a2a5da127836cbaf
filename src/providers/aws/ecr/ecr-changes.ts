import { ECRClient } from '@aws-sdk/client-ecr';
import type { ActionDeclaration } from '../../../core/declaration/types.js';
import { clientConfig } from '../shared/aws-client-settings.js';
import { describeImage } from './ecr-image.js';

/**
 * The digest the source action's tag points at now, for change detection. AWS starts pipelines from
 * an EventBridge rule on image pushes; Pipewright has no such events from a registry, so it polls.
 */
export async function ecrLatestDigest(action: ActionDeclaration, pipelineRegion: string): Promise<string | undefined> {
  const configuration = action.configuration ?? {};
  const client = new ECRClient(clientConfig(action.region ?? pipelineRegion));
  try {
    return (await describeImage(client, configuration.RepositoryName ?? '', { imageTag: configuration.ImageTag || 'latest' })).imageDigest;
  } finally {
    client.destroy();
  }
}
