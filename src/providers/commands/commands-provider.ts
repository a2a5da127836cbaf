import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../core/declaration/types.js';
import { runBuildAction } from '../codebuild/build-action.js';
import { commandsBuildspec, commandsProjectName, commandsVariables } from './commands-buildspec.js';
import { BuildConfigurationError } from '../codebuild/configuration-error.js';

/**
 * The Commands action (Compute, owner AWS): the action's own `commands` run like a one-phase build
 * (the BUILD phase of a buildspec) in the first input artifact, the others in
 * CODEBUILD_SRC_DIR_<artifact>; `outputVariables` exported; the one output artifact made of its `files`.
 * CodePipeline runs it on Amazon Linux, where `sh` is bash: commands run under bash here too.
 */
export class CommandsProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }];
  readonly rerunnable = false;
  // A shell waited for; a Commands action is mostly a few short commands (see ActionProvider.load).
  readonly load = 'light' as const;

  constructor(private readonly options: { killGraceMs?: number } = {}) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const primarySource = job.inputArtifacts[0]?.name ?? '';
    return runBuildAction(job, tools, signal, {
      primarySource,
      ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
      makePlan: (sources) => {
        if (sources.length === 0) throw new BuildConfigurationError('A Commands action needs at least one input artifact');
        return Promise.resolve({
          projectName: commandsProjectName(job),
          buildspec: commandsBuildspec(job),
          sources,
          outputs: job.outputArtifacts.map((output) => output.name),
          variables: commandsVariables(job),
        });
      },
    });
  }
}
