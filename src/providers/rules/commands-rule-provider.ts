import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import { runBuildAction } from '../codebuild/build-action.js';
import { commandsBuildspec, commandsProjectName, commandsVariables } from '../commands/commands-buildspec.js';

/**
 * The Commands rule of stage conditions (Rule/AWS/Commands): the rule's `commands` run as the Commands
 * action runs them (one shell, the BUILD phase of a one-phase buildspec, in the first input artifact),
 * and the rule passes when they all exit with 0. A rule may have no input artifact: it then runs in an
 * empty directory of its own. Rules produce no artifacts. Not rerunnable: commands may have effects.
 */
export class CommandsRuleProvider implements ActionProvider {
  readonly actionTypes: readonly JobTypeId[] = [{ category: 'Rule', owner: 'AWS', provider: 'Commands', version: '1' }];
  readonly rerunnable = false;

  constructor(private readonly options: { killGraceMs?: number } = {}) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const outcome = await runBuildAction(job, tools, signal, {
      primarySource: job.inputArtifacts[0]?.name ?? '',
      ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
      makePlan: async (sources) => {
        const dir = join(tools.workspace, 'sources', 'rule');
        if (sources.length === 0) await mkdir(dir, { recursive: true });
        return {
          projectName: commandsProjectName(job),
          buildspec: commandsBuildspec(job),
          sources: sources.length > 0 ? sources : [{ name: 'rule', dir }],
          outputs: [],
          variables: commandsVariables(job),
        };
      },
    });
    if (outcome.status !== 'Succeeded') return outcome;
    return { status: 'Succeeded', summary: `The commands of rule ${job.action.name} succeeded`, ...(outcome.externalExecutionId !== undefined ? { externalExecutionId: outcome.externalExecutionId } : {}) };
  }
}
