import { actionType, bounds, optional, required, userGuide } from './define.js';

/** ECRBuildAndPublish builds an image from a Dockerfile of its input and pushes it (CodePipeline-managed compute). */
export const ecrBuildAndPublish = actionType({
  category: 'Build',
  provider: 'ECRBuildAndPublish',
  description: 'Builds a Docker image from the input artifact and pushes it to an Amazon ECR repository.',
  documentation: `${userGuide}/action-reference-ECRBuildAndPublish.html`,
  properties: [
    required('ECRRepositoryName', 'The name of the Amazon ECR repository the image is pushed to.'),
    optional('DockerFilePath', 'The directory of the Dockerfile in the input artifact (default its root).'),
    optional('ImageTags', 'Comma-separated tags for the image (default latest).'),
    optional('RegistryType', 'private (default) or public.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
  // "This action is only available for V2 type pipelines."
  v2Only: true,
});
