import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon ECR source: an image tag in a repository; its output artifact holds imageDetail.json. */
export const ecrSource = actionType({
  category: 'Source',
  provider: 'ECR',
  description: 'Starts the pipeline when an image is pushed to an Amazon ECR repository with the configured tag.',
  documentation: `${userGuide}/action-reference-ECR.html`,
  properties: [
    required('RepositoryName', 'The name of the Amazon ECR repository the image is pushed to.'),
    optional('ImageTag', 'The image tag to follow (default latest).'),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(1),
});
