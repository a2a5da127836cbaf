import { actionType, bounds, days, required, userGuide } from './define.js';

/** CodeDeploy: a deployment of the input artifact (with its appspec) to a deployment group. */
export const codeDeploy = actionType({
  category: 'Deploy',
  provider: 'CodeDeploy',
  description: 'Deploys the input artifact to the instances or functions of a CodeDeploy deployment group.',
  documentation: `${userGuide}/action-reference-CodeDeploy.html`,
  properties: [
    required('ApplicationName', 'The name of the CodeDeploy application.'),
    required('DeploymentGroupName', 'The deployment group of the application.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
  // "CodeDeploy and CodeDeploy ECS (blue/green) deployment actions: 5 days" (Quotas in AWS CodePipeline).
  defaultTimeoutMinutes: 5 * days,
});
