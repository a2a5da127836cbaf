import { BuildConfigurationError } from './configuration-error.js';
import { parseVariableList, type EnvironmentVariable } from './environment/variables.js';

/** The CodeBuild action's configuration, as CodePipeline defines its keys. */
export interface CodeBuildActionConfiguration {
  projectName: string;
  /** The input artifact holding the buildspec; the build runs in its directory. */
  primarySource: string;
  /** EnvironmentVariables: above the project's and the buildspec's. */
  environmentVariables: EnvironmentVariable[];
  /** BatchEnabled: run the buildspec's `batch` builds. */
  batchEnabled: boolean;
  /** CombineArtifacts: the batch's artifacts as one output artifact, a folder per build. */
  combineArtifacts: boolean;
}

export function readCodeBuildConfiguration(configuration: Record<string, string>, inputNames: readonly string[]): CodeBuildActionConfiguration {
  const projectName = configuration.ProjectName;
  if (projectName === undefined || projectName === '') throw new BuildConfigurationError('ProjectName is required');
  const batchEnabled = isTrue(configuration.BatchEnabled);
  const combineArtifacts = isTrue(configuration.CombineArtifacts);
  if (combineArtifacts && !batchEnabled) throw new BuildConfigurationError('CombineArtifacts combines the artifacts of a batch build: it needs BatchEnabled set to true');

  let primarySource = configuration.PrimarySource;
  if (primarySource === undefined || primarySource === '') {
    if (inputNames.length > 1) {
      throw new BuildConfigurationError(`PrimarySource is required with more than one input artifact: name one of ${inputNames.join(', ')}`);
    }
    primarySource = inputNames[0];
  }
  if (primarySource === undefined) throw new BuildConfigurationError('A CodeBuild action needs at least one input artifact');
  if (!inputNames.includes(primarySource)) {
    throw new BuildConfigurationError(`PrimarySource '${primarySource}' is not an input artifact of the action (inputs: ${inputNames.join(', ')})`);
  }

  let environmentVariables: EnvironmentVariable[] = [];
  const json = configuration.EnvironmentVariables;
  if (json !== undefined && json !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new BuildConfigurationError(`EnvironmentVariables is not valid JSON: ${(error as Error).message}`);
    }
    environmentVariables = parseVariableList(parsed, 'EnvironmentVariables');
  }
  return { projectName, primarySource, environmentVariables, batchEnabled, combineArtifacts };
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}
