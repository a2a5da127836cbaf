import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type CloudFormationClient,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { ProviderTools } from '../../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { pollUntil } from '../shared/poll.js';

/** The stack, or undefined when CloudFormation says it does not exist ("Stack with id … does not exist"). */
export async function describeStack(client: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0];
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

/** Stack statuses of a stack whose creation failed, which REPLACE_ON_FAILURE deletes and creates again. */
export const failedStackStatuses: ReadonlySet<string> = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED']);

export interface StackWait {
  client: CloudFormationClient;
  tools: ProviderTools;
  settings: AwsProviderSettings;
  signal: AbortSignal;
}

/**
 * Polls DescribeStacks (by stack id, which still answers once a stack is deleted) until the stack's
 * status is no longer in progress. A final status other than `success` fails the action with
 * CloudFormation's own reason: as CodePipeline does, the first failed resource from DescribeStackEvents.
 */
export async function waitForStack(wait: StackWait, stackId: string, success: readonly string[]): Promise<Stack> {
  let shown = '';
  const stack = await pollUntil(
    async () => {
      const found = await describeStack(wait.client, stackId);
      if (found === undefined) throw new AwsActionFailure('JobFailed', `The stack ${stackId} disappeared while the action waited for it.`);
      return found;
    },
    (found) => !String(found.StackStatus).endsWith('_IN_PROGRESS'),
    {
      intervalMs: wait.settings.pollIntervalMs,
      signal: wait.signal,
      onRead: (found) => {
        if (found.StackStatus === shown) return;
        shown = String(found.StackStatus);
        wait.tools.log.line('system', `Stack ${found.StackName ?? stackId}: ${shown}`);
        wait.tools.progress({ summary: `Stack ${found.StackName ?? stackId}: ${shown}` });
      },
    },
  );
  if (success.includes(String(stack.StackStatus))) return stack;
  throw new AwsActionFailure('JobFailed', await stackFailure(wait.client, stack));
}

async function stackFailure(client: CloudFormationClient, stack: Stack): Promise<string> {
  const head = `Stack ${stack.StackName} is in ${stack.StackStatus} state`;
  const { StackEvents = [] } = await client.send(new DescribeStackEventsCommand({ StackName: stack.StackId ?? stack.StackName }));
  const failed = firstFailedResource(StackEvents);
  if (failed !== undefined) {
    return `${head}: ${failed.LogicalResourceId} (${failed.ResourceType}) ${failed.ResourceStatus}: ${failed.ResourceStatusReason ?? 'no reason given'}`;
  }
  return stack.StackStatusReason !== undefined ? `${head}: ${stack.StackStatusReason}` : `${head}.`;
}

/**
 * Events come newest first. The operation began with the stack's own "User Initiated" event; the first
 * resource that failed after it is the cause (later failures are mostly cancellations it caused).
 */
function firstFailedResource(events: readonly StackEvent[]): StackEvent | undefined {
  let first: StackEvent | undefined;
  for (const event of events) {
    if (event.ResourceType === 'AWS::CloudFormation::Stack' && event.ResourceStatusReason === 'User Initiated') break;
    if (String(event.ResourceStatus).endsWith('_FAILED') && event.ResourceType !== 'AWS::CloudFormation::Stack') first = event;
  }
  return first;
}
