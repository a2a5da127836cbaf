import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../core/declaration/types.js';
import { readCodeBuildConfiguration } from './action-configuration.js';
import { runBatchAction } from './batch/batch-action.js';
import { runBuildAction } from './build-action.js';
import { BuildConfigurationError, isBuildConfigurationError } from './configuration-error.js';
import { loadBuildProject } from './project/build-project.js';
import { loadBuildspec } from './project/load-buildspec.js';

/**
 * CodeBuild actions (Build and Test, owner AWS): the project's buildspec run on this host against the
 * action's input artifacts. The project is `<data-dir>/projects/<ProjectName>.yml` when declared (see
 * build-project.ts), else `buildspec.yml` of the primary source.
 */
export class CodeBuildProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [
    { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
  ];
  /** A build may push, publish or deploy: lost with its worker, it fails rather than runs twice. */
  readonly rerunnable = false;

  constructor(private readonly options: { killGraceMs?: number } = {}) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    let configuration;
    try {
      configuration = readCodeBuildConfiguration(
        job.action.configuration,
        job.inputArtifacts.map((input) => input.name),
      );
    } catch (error) {
      if (!isBuildConfigurationError(error)) throw error;
      tools.log.line('system', `Build FAILED: ${error.message}`);
      return { status: 'Failed', failureType: 'ConfigurationError', message: error.message };
    }
    const { projectName, primarySource, environmentVariables, batchEnabled, combineArtifacts } = configuration;
    const run = batchEnabled ? (options: Parameters<typeof runBuildAction>[3]) => runBatchAction(job, tools, signal, { ...options, combineArtifacts }) : (options: Parameters<typeof runBuildAction>[3]) => runBuildAction(job, tools, signal, options);
    return run({
      primarySource,
      ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
      makePlan: async (sources) => {
        const project = await loadBuildProject(tools.dataDir, projectName);
        const primary = sources[0];
        if (primary === undefined) throw new BuildConfigurationError('A CodeBuild action needs at least one input artifact');
        return {
          projectName,
          buildspec: await loadBuildspec(project, primary),
          sources,
          outputs: job.outputArtifacts.map((output) => output.name),
          variables: [...project.environmentVariables, ...environmentVariables],
          ...(project.timeoutInMinutes !== undefined ? { timeoutInMinutes: project.timeoutInMinutes } : {}),
          ...(project.environment !== undefined ? { environment: project.environment } : {}),
          ...(project.serviceRole !== undefined ? { serviceRole: project.serviceRole } : {}),
        };
      },
    });
  }
}
