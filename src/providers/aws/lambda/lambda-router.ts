import type { ActionProvider } from '../../../core/contracts/action-provider.js';
import { parseFunctionName } from '../../lambda/function-name.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsRouter } from '../shared/aws-router.js';
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
export function lambdaRouter(local: ActionProvider, settings: AwsProviderSettings): AwsRouter {
  return new AwsRouter(local, {
    onAws: (job) => functionOnAws(job.action.configuration.FunctionName ?? '', settings),
    run: (job, tools, signal) => invokeOnAws(job, tools, signal),
  });
}
