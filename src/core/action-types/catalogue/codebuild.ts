import type { ActionTypeSpec } from '../types.js';
import { actionType, bounds, hours, optional, required, userGuide } from './define.js';

/** CodeBuild runs a build project, as a Build action or as a Test action. */
function codeBuild(category: 'Build' | 'Test'): ActionTypeSpec {
  return actionType({
    category,
    provider: 'CodeBuild',
    description: `Runs a CodeBuild build project as a ${category.toLowerCase()} action.`,
    documentation: `${userGuide}/action-reference-CodeBuild.html`,
    properties: [
      required('ProjectName', 'The name of the build project.'),
      optional('PrimarySource', 'The input artifact whose directory holds the buildspec; required when the action has more than one input artifact.'),
      optional('BatchEnabled', 'Whether the project runs a batch build.', { type: 'Boolean' }),
      optional('CombineArtifacts', 'Whether the artifacts of a batch build are combined into one output artifact (needs BatchEnabled).', { type: 'Boolean' }),
      optional('EnvironmentVariables', 'A JSON array of {name, value, type} with type PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER.'),
    ],
    inputArtifacts: bounds(1, 5),
    outputArtifacts: bounds(0, 5),
    // "CodeBuild build action and test action: 8 hours" (Quotas in AWS CodePipeline).
    defaultTimeoutMinutes: 8 * hours,
  });
}

export const codeBuildBuild = codeBuild('Build');
export const codeBuildTest = codeBuild('Test');
