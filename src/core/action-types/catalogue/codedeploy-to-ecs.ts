import type { ActionConfigurationPropertySpec } from '../types.js';
import { actionType, bounds, days, optional, required, userGuide } from './define.js';

/**
 * The placeholder each of up to four images replaces in the task definition template: an input
 * artifact with imageDetail.json (Image<Number>ArtifactName) and the text it replaces
 * (Image<Number>ContainerName). Four, because the action takes at most five inputs and one holds the
 * task definition and AppSpec templates.
 */
function imageProperties(): ActionConfigurationPropertySpec[] {
  return [1, 2, 3, 4].flatMap((number) => [
    optional(`Image${number}ArtifactName`, `The input artifact whose imageDetail.json gives image ${number}.`),
    optional(`Image${number}ContainerName`, `The placeholder in the task definition that image ${number} replaces.`),
  ]);
}

/** CodeDeployToECS: an Amazon ECS blue/green deployment through CodeDeploy. */
export const codeDeployToEcs = actionType({
  category: 'Deploy',
  provider: 'CodeDeployToECS',
  description: 'Deploys an Amazon ECS service blue/green through CodeDeploy, from task definition and AppSpec templates.',
  documentation: `${userGuide}/action-reference-ECSbluegreen.html`,
  properties: [
    required('ApplicationName', 'The name of the CodeDeploy application.'),
    required('DeploymentGroupName', 'The deployment group of the Amazon ECS service.'),
    required('TaskDefinitionTemplateArtifact', 'The input artifact holding the task definition template.'),
    required('AppSpecTemplateArtifact', 'The input artifact holding the AppSpec template.'),
    optional('AppSpecTemplatePath', 'The AppSpec file in its artifact (default appspec.yaml).'),
    optional('TaskDefinitionTemplatePath', 'The task definition file in its artifact (default taskdef.json).'),
    ...imageProperties(),
  ],
  inputArtifacts: bounds(1, 5),
  outputArtifacts: bounds(0),
  defaultTimeoutMinutes: 5 * days,
});
