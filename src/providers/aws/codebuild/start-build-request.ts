import type { StartBuildInput } from '@aws-sdk/client-codebuild';
import type { ActionJob } from '../../../core/contracts/action-provider.js';
import type { CodeBuildActionConfiguration } from '../../codebuild/action-configuration.js';
import type { UploadedSource } from './build-sources.js';

/** Where CodeBuild puts an output artifact: `<pipeline>/<artifact>/<action execution id>.zip` of the artifact bucket. */
export function outputKey(job: ActionJob, artifactName: string): { path: string; name: string } {
  return { path: `${job.pipeline.name}/${artifactName}`, name: `${job.action.actionExecutionId}.zip` };
}

/**
 * StartBuild for a CodeBuild action, with overrides only: the project in the account is left as it is
 * ("The overrides only apply for that specific start build request", StartBuild, CodeBuild API Reference).
 * - The primary source (PrimarySource) is the S3 zip of that artifact; the other inputs are secondary
 *   sources whose sourceIdentifier is the artifact's name, as CodePipeline gives them
 *   (CODEBUILD_SRC_DIR_<name>, "CodePipeline integration with CodeBuild and multiple input sources").
 * - EnvironmentVariables (PLAINTEXT, PARAMETER_STORE, SECRETS_MANAGER) as environmentVariablesOverride:
 *   CodeBuild resolves the stored ones with the project's role, so their values never pass through here.
 * - The first output artifact is the build's primary artifact, the others secondary artifacts whose
 *   artifactIdentifier is the output's name (the buildspec's `secondary-artifacts`); all zipped to S3.
 */
export function startBuildRequest(job: ActionJob, configuration: CodeBuildActionConfiguration, sources: readonly UploadedSource[], bucket: string): StartBuildInput {
  const primary = sources.find((source) => source.artifactName === configuration.primarySource);
  const secondary = sources.filter((source) => source !== primary);
  const [firstOutput, ...otherOutputs] = job.outputArtifacts;
  const s3Artifact = (artifactName: string) => ({ type: 'S3' as const, location: bucket, ...outputKey(job, artifactName), packaging: 'ZIP' as const, namespaceType: 'NONE' as const });
  const buildspec = job.action.configuration.BuildspecOverride;
  return {
    projectName: configuration.projectName,
    sourceTypeOverride: 'S3',
    sourceLocationOverride: primary?.location,
    ...(secondary.length > 0 ? { secondarySourcesOverride: secondary.map((source) => ({ type: 'S3' as const, location: source.location, sourceIdentifier: source.artifactName })) } : {}),
    ...(configuration.environmentVariables.length > 0
      ? { environmentVariablesOverride: configuration.environmentVariables.map(({ name, value, type }) => ({ name, value, type })) }
      : {}),
    artifactsOverride: firstOutput === undefined ? { type: 'NO_ARTIFACTS' } : s3Artifact(firstOutput.name),
    ...(otherOutputs.length > 0 ? { secondaryArtifactsOverride: otherOutputs.map((output) => ({ ...s3Artifact(output.name), artifactIdentifier: output.name })) } : {}),
    ...(buildspec !== undefined && buildspec !== '' ? { buildspecOverride: buildspec } : {}),
  };
}
