import { actionType, bounds, optional, required, userGuide } from './define.js';

/** AWS AppConfig: a configuration file of the input artifact deployed to an environment. */
export const appConfigDeploy = actionType({
  category: 'Deploy',
  provider: 'AppConfig',
  description: 'Deploys a configuration file of the input artifact with AWS AppConfig.',
  documentation: `${userGuide}/action-reference-AppConfig.html`,
  properties: [
    required('Application', 'The ID of the AWS AppConfig application.'),
    required('Environment', 'The ID of the environment deployed to.'),
    required('ConfigurationProfile', 'The ID of the configuration profile.'),
    required('InputArtifactConfigurationPath', 'The path of the configuration file in the input artifact.'),
    optional('DeploymentStrategy', 'The deployment strategy (default AppConfig.AllAtOnce).'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
});
