import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { AwsActionFailure } from '../shared/aws-failure.js';
import type { ImageDefinition } from './ecs-configuration.js';

/**
 * The next revision of the service's task definition: the same definition with each named container's
 * image replaced, as CodePipeline's ECS action does. The fields copied are those RegisterTaskDefinition
 * takes; what DescribeTaskDefinition adds (ARN, revision, status, registeredAt…) is left out.
 */
export function nextRevision(current: TaskDefinition, tags: readonly Tag[], images: readonly ImageDefinition[]): RegisterTaskDefinitionCommandInput {
  const containers = current.containerDefinitions ?? [];
  for (const image of images) {
    if (!containers.some((container) => container.name === image.name)) {
      throw new AwsActionFailure(
        'JobFailed',
        `The image definitions file names the container ${image.name}, which the task definition ${current.family}:${current.revision} does not have (its containers: ${containers.map((container) => container.name).join(', ')}).`,
      );
    }
  }
  const imageOf = new Map(images.map((image) => [image.name, image.imageUri]));
  const copied: RegisterTaskDefinitionCommandInput = {
    family: current.family,
    taskRoleArn: current.taskRoleArn,
    executionRoleArn: current.executionRoleArn,
    networkMode: current.networkMode,
    containerDefinitions: containers.map((container) => ({ ...container, image: imageOf.get(container.name ?? '') ?? container.image })),
    volumes: current.volumes,
    placementConstraints: current.placementConstraints,
    requiresCompatibilities: current.requiresCompatibilities,
    cpu: current.cpu,
    memory: current.memory,
    pidMode: current.pidMode,
    ipcMode: current.ipcMode,
    proxyConfiguration: current.proxyConfiguration,
    inferenceAccelerators: current.inferenceAccelerators,
    ephemeralStorage: current.ephemeralStorage,
    runtimePlatform: current.runtimePlatform,
    enableFaultInjection: current.enableFaultInjection,
    ...(tags.length > 0 ? { tags: [...tags] } : {}),
  };
  // Keys left undefined would be sent as nothing anyway; dropping them keeps the request readable in logs.
  return Object.fromEntries(Object.entries(copied).filter(([, value]) => value !== undefined)) as RegisterTaskDefinitionCommandInput;
}
