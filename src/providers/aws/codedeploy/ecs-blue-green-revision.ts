import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import type { ActionJob } from '../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { parseJson, type InputArtifacts } from '../shared/input-artifacts.js';

/**
 * The two templates of a CodeDeployToECS action, filled in as the action reference describes:
 * each `<ImageNContainerName>` placeholder of the task definition template becomes the ImageURI of the
 * imageDetail.json in ImageNArtifactName, and `<TASK_DEFINITION>` in the AppSpec becomes the ARN of the
 * task definition registered from it.
 */
export async function taskDefinitionFromTemplate(job: ActionJob, inputs: InputArtifacts): Promise<RegisterTaskDefinitionCommandInput> {
  const configuration = job.action.configuration;
  const artifact = configuration.TaskDefinitionTemplateArtifact ?? '';
  const path = configuration.TaskDefinitionTemplatePath || 'taskdef.json';
  let template = await inputs.file(artifact, path, 'TaskDefinitionTemplateArtifact');
  for (let number = 1; number <= 4; number++) {
    const imageArtifact = configuration[`Image${number}ArtifactName`];
    if (imageArtifact === undefined || imageArtifact === '') continue;
    const placeholder = configuration[`Image${number}ContainerName`] || `IMAGE${number}_NAME`;
    const detail = parseJson(await inputs.file(imageArtifact, 'imageDetail.json', `Image${number}ArtifactName`), `${imageArtifact}::imageDetail.json`);
    const uri = typeof detail === 'object' && detail !== null ? (detail as { ImageURI?: unknown }).ImageURI : undefined;
    if (typeof uri !== 'string') throw new AwsActionFailure('ConfigurationError', `${imageArtifact}::imageDetail.json must be a JSON object with ImageURI.`);
    if (!template.includes(`<${placeholder}>`)) throw new AwsActionFailure('ConfigurationError', `The task definition template ${artifact}::${path} has no placeholder <${placeholder}> for image ${number}.`);
    template = template.split(`<${placeholder}>`).join(uri);
  }
  const definition = parseJson(template, `${artifact}::${path}`);
  if (typeof definition !== 'object' || definition === null || typeof (definition as { family?: unknown }).family !== 'string') {
    throw new AwsActionFailure('ConfigurationError', `The task definition template ${artifact}::${path} must be a task definition with a family.`);
  }
  return definition as RegisterTaskDefinitionCommandInput;
}

export async function appSpecWithTaskDefinition(job: ActionJob, inputs: InputArtifacts, taskDefinitionArn: string): Promise<string> {
  const artifact = job.action.configuration.AppSpecTemplateArtifact ?? '';
  const path = job.action.configuration.AppSpecTemplatePath || 'appspec.yaml';
  const template = await inputs.file(artifact, path, 'AppSpecTemplateArtifact');
  if (!template.includes('<TASK_DEFINITION>')) throw new AwsActionFailure('ConfigurationError', `The AppSpec template ${artifact}::${path} has no <TASK_DEFINITION> placeholder.`);
  return template.split('<TASK_DEFINITION>').join(taskDefinitionArn);
}
