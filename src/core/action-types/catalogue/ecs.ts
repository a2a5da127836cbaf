import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon ECS (rolling update): a new task definition revision from imagedefinitions.json. */
export const ecsDeploy = actionType({
  category: 'Deploy',
  provider: 'ECS',
  description: 'Updates an Amazon ECS service with the images of an image definitions file in the input artifact.',
  documentation: `${userGuide}/action-reference-ECS.html`,
  properties: [
    required('ClusterName', 'The Amazon ECS cluster of the service.'),
    required('ServiceName', 'The Amazon ECS service to update.'),
    optional('FileName', 'The image definitions file in the input artifact (default imagedefinitions.json).'),
    optional('DeploymentTimeout', 'Minutes the deployment may take, 1 to 60 (default 60).', { type: 'Number' }),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
});
