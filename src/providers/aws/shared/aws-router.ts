import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';

/** Which jobs go to the AWS service (a setting names them), and how such a job runs there. */
export interface AwsRoute {
  onAws(job: ActionJob): boolean;
  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi>;
}

/**
 * One action type for both kinds of target: the jobs the route claims run on the AWS service (or the
 * SDK's endpoint for it), every other runs here with the local provider, as before. It declares what the
 * local provider declares: the worker claims jobs, and the engine decides reruns, by that.
 */
export class AwsRouter implements ActionProvider {
  readonly actionTypes;
  readonly rerunnable;
  readonly load;

  constructor(
    private readonly local: ActionProvider,
    private readonly route: AwsRoute,
  ) {
    this.actionTypes = local.actionTypes;
    this.rerunnable = local.rerunnable;
    this.load = local.load;
  }

  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    return this.route.onAws(job) ? this.route.run(job, tools, signal) : this.local.run(job, tools, signal);
  }
}
