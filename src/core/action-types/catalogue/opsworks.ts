import { actionType, bounds, optional, required, userGuide } from './define.js';

/** AWS OpsWorks Stacks: the input artifact deployed as an app of a stack. */
export const opsWorksDeploy = actionType({
  category: 'Deploy',
  provider: 'OpsWorks',
  description: 'Deploys the input artifact as an app of an AWS OpsWorks stack.',
  documentation: `${userGuide}/action-reference-OpsWorks.html`,
  properties: [
    required('Stack', 'The OpsWorks stack.'),
    required('App', 'The OpsWorks app.'),
    optional('Layer', 'The layer of the stack to deploy to.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0, 1),
});
