import { actionType, bounds, minutes, userGuide } from './define.js';

/**
 * Commands runs the action-level `commands` in CodePipeline-managed compute. It has no
 * configuration properties: commands, outputVariables and environmentVariables are fields of the
 * action declaration, and output artifacts may name `files`.
 */
export const commandsAction = actionType({
  category: 'Compute',
  provider: 'Commands',
  description: 'Runs shell commands of the action declaration in a CodeBuild-managed build environment.',
  documentation: `${userGuide}/action-reference-Commands.html`,
  properties: [],
  inputArtifacts: bounds(1, 10),
  outputArtifacts: bounds(0, 1),
  defaultTimeoutMinutes: 55 * minutes,
  // "The Commands action is only available for V2 type pipelines."
  v2Only: true,
  acceptsCommands: true,
});
