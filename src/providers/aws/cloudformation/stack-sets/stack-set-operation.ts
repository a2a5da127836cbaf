import {
  DescribeStackSetOperationCommand,
  ListStackSetOperationResultsCommand,
  type CloudFormationClient,
  type StackSetOperation,
} from '@aws-sdk/client-cloudformation';
import type { ProviderTools } from '../../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../../shared/aws-failure.js';
import { pollUntil } from '../../shared/poll.js';

/** A stack set operation is still going in these statuses (DescribeStackSetOperation, StackSetOperation.Status). */
const going = new Set(['RUNNING', 'QUEUED', 'STOPPING']);

export interface OperationContext {
  client: CloudFormationClient;
  tools: ProviderTools;
  pollIntervalMs: number;
  signal: AbortSignal;
}

/**
 * Waits for a stack set operation to end. SUCCEEDED returns; FAILED or STOPPED fails the action with
 * the operation's status reason and the reason of each account and Region that failed
 * (ListStackSetOperationResults), which is what tells people which stack instance to look at.
 */
export async function waitForOperation(context: OperationContext, stackSetName: string, operationId: string, what: string): Promise<StackSetOperation> {
  const { client, tools } = context;
  tools.log.line('system', `${what}: stack set operation ${operationId} of ${stackSetName}.`);
  tools.progress({ externalExecutionId: operationId, summary: `${what} (${operationId})` });
  const { StackSetOperation: operation } = await pollUntil(
    () => client.send(new DescribeStackSetOperationCommand({ StackSetName: stackSetName, OperationId: operationId })),
    (answer) => !going.has(answer.StackSetOperation?.Status ?? 'RUNNING'),
    { intervalMs: context.pollIntervalMs, signal: context.signal },
  );
  const status = operation?.Status ?? 'UNKNOWN';
  if (status === 'SUCCEEDED') return operation ?? {};
  const { Summaries = [] } = await client.send(new ListStackSetOperationResultsCommand({ StackSetName: stackSetName, OperationId: operationId }));
  const failed = Summaries.filter((summary) => summary.Status === 'FAILED' || summary.Status === 'CANCELLED').map(
    (summary) => `${summary.Account ?? '?'} ${summary.Region ?? '?'} ${summary.Status ?? ''}${summary.StatusReason !== undefined ? `: ${summary.StatusReason}` : ''}`,
  );
  const reason = operation?.StatusReason !== undefined && operation.StatusReason !== '' ? `: ${operation.StatusReason}` : '';
  throw new AwsActionFailure('JobFailed', `Stack set operation ${operationId} (${what}) of ${stackSetName} ended ${status}${reason}${failed.length > 0 ? `. ${failed.join('; ')}` : ''}`);
}
