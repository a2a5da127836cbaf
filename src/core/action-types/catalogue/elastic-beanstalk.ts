import { actionType, bounds, required, userGuide } from './define.js';

/** Elastic Beanstalk: the input artifact as a new application version of an environment. */
export const elasticBeanstalkDeploy = actionType({
  category: 'Deploy',
  provider: 'ElasticBeanstalk',
  description: 'Deploys the input artifact as a new application version to an Elastic Beanstalk environment.',
  documentation: `${userGuide}/action-reference-Beanstalk.html`,
  properties: [
    required('ApplicationName', 'The name of the Elastic Beanstalk application.'),
    required('EnvironmentName', 'The environment the version is deployed to.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
});
