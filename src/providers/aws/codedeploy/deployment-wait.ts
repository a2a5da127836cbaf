import { GetDeploymentCommand, type CodeDeployClient, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { ProviderTools } from '../../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { pollUntil } from '../shared/poll.js';

const ended = new Set(['Succeeded', 'Failed', 'Stopped']);

/**
 * Reads the deployment (GetDeployment) until it has Succeeded, Failed or Stopped; Ready (a blue/green
 * deployment waiting for traffic to be rerouted) is still in progress. A deployment that did not
 * succeed fails the action with CodeDeploy's errorInformation.
 */
export async function waitForDeployment(
  client: CodeDeployClient,
  deploymentId: string,
  context: { tools: ProviderTools; settings: AwsProviderSettings; signal: AbortSignal },
): Promise<DeploymentInfo> {
  let shown = '';
  const info = await pollUntil(
    async () => (await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo ?? {},
    (found) => ended.has(String(found.status)),
    {
      intervalMs: context.settings.pollIntervalMs,
      signal: context.signal,
      onRead: (found) => {
        if (found.status === shown) return;
        shown = String(found.status);
        context.tools.log.line('system', `Deployment ${deploymentId}: ${shown}`);
        context.tools.progress({ summary: `Deployment ${deploymentId}: ${shown}`, externalExecutionId: deploymentId });
      },
    },
  );
  if (info.status !== 'Succeeded') {
    const error = info.errorInformation;
    throw new AwsActionFailure('JobFailed', `Deployment ${deploymentId} ${String(info.status).toLowerCase()}${error !== undefined ? `: ${error.code ?? ''}: ${error.message ?? ''}` : '.'}`);
  }
  return info;
}
