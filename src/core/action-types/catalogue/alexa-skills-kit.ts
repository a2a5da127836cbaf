import { actionType, bounds, required, userGuide } from './define.js';

/**
 * Alexa Skills Kit: owner ThirdParty (the artifact table of the pipeline structure reference lists
 * "ThirdParty Deploy Alexa Skills Kit, 1 to 2 inputs, 0 outputs"); ClientSecret and RefreshToken are
 * masked as **** like every secret.
 */
export const alexaSkillsKitDeploy = actionType({
  category: 'Deploy',
  owner: 'ThirdParty',
  provider: 'AlexaSkillsKit',
  description: 'Deploys an Alexa skill package from the input artifact, with optional parameter overrides from a second one.',
  documentation: `${userGuide}/reference-pipeline-structure.html#reference-action-artifacts`,
  properties: [
    required('ClientId', 'The client ID of the Login with Amazon security profile.'),
    required('ClientSecret', 'The client secret of the Login with Amazon security profile.', { key: false, secret: true }),
    required('RefreshToken', 'The refresh token of the ASK CLI.', { key: false, secret: true }),
    required('SkillId', 'The ID of the Alexa skill.'),
  ],
  inputArtifacts: bounds(1, 2),
  outputArtifacts: bounds(0),
});
