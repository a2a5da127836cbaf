import type { ActionJob } from '../../core/contracts/action-provider.js';
import type { Buildspec, PhaseSpec } from '../codebuild/buildspec/types.js';
import { BuildConfigurationError } from '../codebuild/configuration-error.js';
import type { EnvironmentVariable } from '../codebuild/environment/variables.js';

/** The buildspec a Commands action amounts to: its commands as the BUILD phase, its output as the artifact. */
export function commandsBuildspec(job: ActionJob): Buildspec {
  const commands = job.action.commands ?? [];
  if (commands.length === 0) throw new BuildConfigurationError('A Commands action needs commands (1 to 50)');
  if (job.outputArtifacts.length > 1) throw new BuildConfigurationError('A Commands action has at most one output artifact');
  const output = job.outputArtifacts[0];
  if (output !== undefined && (output.files === undefined || output.files.length === 0)) {
    throw new BuildConfigurationError(`Output artifact ${output.name} needs files: the paths of the files it is made of`);
  }
  const empty = (): PhaseSpec => ({ commands: [], finally: [], runtimeVersions: {} });
  return {
    version: '0.2',
    shell: 'bash',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: job.action.outputVariables ?? [] },
    phases: { INSTALL: empty(), PRE_BUILD: empty(), BUILD: { ...empty(), commands }, POST_BUILD: empty() },
    reports: [],
    ...(output?.files !== undefined
      ? { artifacts: { files: output.files, discardPaths: false, excludePaths: [], enableSymlinks: false, secondaryArtifacts: {} } }
      : {}),
    cachePaths: [],
    notes: [],
    warnings: [],
  };
}

/** The action's environmentVariables (PLAINTEXT by default, or SECRETS_MANAGER). */
export function commandsVariables(job: ActionJob): EnvironmentVariable[] {
  return (job.action.environmentVariables ?? []).map((variable) => ({
    name: variable.name,
    value: variable.value,
    type: variable.type ?? 'PLAINTEXT',
    origin: 'action environmentVariables',
  }));
}

/** Commands actions have no project: builds are numbered per pipeline action. */
export function commandsProjectName(job: ActionJob): string {
  return `commands-${job.pipeline.name}-${job.stageName}-${job.action.name}`.replace(/[^A-Za-z0-9\-_]/g, '-').slice(0, 255);
}
