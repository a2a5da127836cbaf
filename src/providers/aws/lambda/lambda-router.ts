import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';
import { parseFunctionName } from '../../lambda/function-name.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { invokeOnAws } from './lambda-on-aws.js';

/** Whether Lambda actions invoke this function on AWS Lambda (PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS) rather than locally. */
export function functionOnAws(functionName: string, settings: AwsProviderSettings): boolean {
  if (settings.awsFunctions === 'all') return true;
  const reference = parseFunctionName(functionName);
  return reference !== undefined && settings.awsFunctions.has(reference.name);
}

/**
 * Invoke/AWS/Lambda and LambdaInvoke rules for both kinds of function: the functions the settings name
 * are invoked on AWS Lambda (or the SDK's Lambda endpoint); every other stays a local function of
 * `<data-dir>/functions/` (the `local` provider), as before.
 */
export class LambdaRouter implements ActionProvider {
  readonly actionTypes;
  readonly rerunnable;
  readonly load;

  constructor(
    private readonly local: ActionProvider,
    private readonly settings: AwsProviderSettings,
  ) {
    this.actionTypes = local.actionTypes;
    this.rerunnable = local.rerunnable;
    this.load = local.load;
  }

  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    if (!functionOnAws(job.action.configuration.FunctionName ?? '', this.settings)) return this.local.run(job, tools, signal);
    return invokeOnAws(job, tools, signal);
  }
}
