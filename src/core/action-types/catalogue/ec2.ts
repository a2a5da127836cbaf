import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon EC2: the input artifact onto tagged Linux instances or SSM managed nodes, through SSM. */
export const ec2Deploy = actionType({
  category: 'Deploy',
  provider: 'EC2',
  description: 'Deploys the input artifact to tagged Amazon EC2 Linux instances or SSM managed nodes.',
  documentation: `${userGuide}/action-reference-EC2Deploy.html`,
  properties: [
    required('InstanceTagKey', 'The tag key of the instances to deploy to.'),
    optional('InstanceTagValue', 'The tag value of the instances (default: every instance with the key).'),
    required('InstanceType', 'EC2 or SSM_MANAGED_NODE.'),
    optional('TargetDirectory', 'The absolute directory on the instances the scripts run in; required with scripts.'),
    optional('DeploySpec', 'The deploy spec file in the input artifact; required instead of scripts.'),
    optional('MaxBatch', 'The number or percentage of instances deployed in parallel.'),
    optional('MaxError', 'The number or percentage of failed instances that stops the deployment.'),
    optional('TargetGroupNameList', 'Comma-separated target groups the instances leave and rejoin around the deployment.'),
    optional('PreScript', 'The script run before the deploy phase.'),
    optional('PostScript', 'The script run after the deploy phase.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
  // "This action is only supported for V2 type pipelines."
  v2Only: true,
});
