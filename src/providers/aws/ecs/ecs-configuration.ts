import { AwsActionFailure } from '../shared/aws-failure.js';
import { parseJson } from '../shared/input-artifacts.js';

/** An ECS (standard) deploy action's configuration, as the CodePipeline action reference lists it. */
export interface EcsConfiguration {
  clusterName: string;
  serviceName: string;
  fileName: string;
  /** DeploymentTimeout, 1 to 60 minutes (default 60). */
  deploymentTimeoutMs: number;
}

export function readEcsConfiguration(configuration: Readonly<Record<string, string>>): EcsConfiguration {
  const clusterName = configuration.ClusterName ?? '';
  const serviceName = configuration.ServiceName ?? '';
  if (clusterName === '') throw new AwsActionFailure('ConfigurationError', 'ClusterName is required: the Amazon ECS cluster of the service.');
  if (serviceName === '') throw new AwsActionFailure('ConfigurationError', 'ServiceName is required: the Amazon ECS service to update.');
  const minutes = configuration.DeploymentTimeout === undefined || configuration.DeploymentTimeout === '' ? 60 : Number(configuration.DeploymentTimeout);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
    throw new AwsActionFailure('ConfigurationError', `DeploymentTimeout must be a whole number of minutes from 1 to 60; it is ${JSON.stringify(configuration.DeploymentTimeout)}.`);
  }
  return { clusterName, serviceName, fileName: configuration.FileName || 'imagedefinitions.json', deploymentTimeoutMs: minutes * 60_000 };
}

export interface ImageDefinition {
  name: string;
  imageUri: string;
}

/**
 * imagedefinitions.json: `[{"name": container, "imageUri": image}, …]` (CodePipeline User Guide, "Image
 * definitions file reference"). AWS caps the file at 100 KB.
 */
export function readImageDefinitions(text: string, fileName: string): ImageDefinition[] {
  if (Buffer.byteLength(text) > 100 * 1024) throw new AwsActionFailure('ConfigurationError', `${fileName} is larger than 100 KB, the limit of an image definitions file.`);
  const content = parseJson(text, fileName);
  const valid =
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((entry: unknown) => typeof entry === 'object' && entry !== null && typeof (entry as ImageDefinition).name === 'string' && typeof (entry as ImageDefinition).imageUri === 'string');
  if (!valid) throw new AwsActionFailure('ConfigurationError', `${fileName} must be a JSON array of {"name": container name, "imageUri": image URI} entries.`);
  return (content as ImageDefinition[]).map(({ name, imageUri }) => ({ name, imageUri }));
}
