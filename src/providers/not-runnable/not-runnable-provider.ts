import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ActionTypeSpec } from '../../core/action-types/types.js';
import { actionTypeKey, type ActionTypeId } from '../../core/declaration/types.js';
import { defaultGuidance, notRunnableGuidance } from './guidance.js';

/**
 * The action types of the catalogue that nothing runs here. AWS runs its own types itself, so no job
 * worker may poll them (PollForJobs serves custom types, PollForThirdPartyJobs registered partner
 * types), and without a provider their jobs would stay queued until the action's timeout: days, for a
 * CloudFormation action. This provider takes them at once and fails them with ConfigurationError,
 * saying what the action does on AWS and what to use instead. Never a silent success.
 *
 * Its types are computed from the providers the worker has (see `notRunnableProvider`), so adding a
 * provider for a type (an AWS-service provider, say) takes the type away from here.
 */
export class NotRunnableProvider implements ActionProvider {
  readonly rerunnable = true;
  // It waits for nothing and does no work: it must never queue behind builds for a slot.
  readonly load = 'waiting' as const;

  constructor(readonly actionTypes: readonly ActionTypeId[]) {}

  run(job: ActionJob, tools: ProviderTools): Promise<ActionOutcome> {
    const message = notRunnableMessage(job.action.typeId as ActionTypeId);
    tools.log.line('system', message);
    return Promise.resolve({ status: 'Failed', failureType: 'ConfigurationError', message });
  }
}

export function notRunnableMessage(id: ActionTypeId): string {
  const { category, owner, provider } = id;
  const guidance = notRunnableGuidance[`${category}/${owner}/${provider}`] ?? defaultGuidance;
  return (
    `Pipewright cannot run ${actionTypeKey(id)} actions: this action ${guidance.work}, and this server has no provider for it ` +
    `(no job worker can poll an action type ${owner === 'AWS' ? 'AWS owns' : 'AWS runs itself'}). ${guidance.instead}`
  );
}

/**
 * The provider of every catalogue type that no provider in `providers` runs, except those the engine
 * handles without a job (the manual approval). Undefined when every type has a runner.
 */
export function notRunnableProvider(catalogue: readonly ActionTypeSpec[], providers: readonly ActionProvider[]): NotRunnableProvider | undefined {
  const run = new Set(providers.flatMap((provider) => provider.actionTypes.map(actionTypeKey)));
  const orphans = catalogue
    .map((spec) => spec.id)
    .filter((id) => !run.has(actionTypeKey(id)) && !handledByEngine(id));
  return orphans.length === 0 ? undefined : new NotRunnableProvider(orphans);
}

function handledByEngine(id: ActionTypeId): boolean {
  return id.category === 'Approval' && id.owner === 'AWS' && id.provider === 'Manual';
}
