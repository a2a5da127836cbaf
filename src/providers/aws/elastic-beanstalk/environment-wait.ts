import { DescribeEnvironmentsCommand, DescribeEventsCommand, type ElasticBeanstalkClient, type EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import type { ProviderTools } from '../../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { pollUntil } from '../shared/poll.js';

export interface EnvironmentTarget {
  applicationName: string;
  environmentName: string;
}

/** The environment as Elastic Beanstalk describes it, or a failure when it does not exist (or is gone). */
export async function describeEnvironment(client: ElasticBeanstalkClient, target: EnvironmentTarget): Promise<EnvironmentDescription> {
  const { Environments = [] } = await client.send(new DescribeEnvironmentsCommand({ ApplicationName: target.applicationName, EnvironmentNames: [target.environmentName] }));
  const environment = Environments.find((candidate) => candidate.Status !== 'Terminated');
  if (environment === undefined) throw new AwsActionFailure('JobFailed', `No environment ${target.environmentName} in application ${target.applicationName}.`);
  return environment;
}

/**
 * Reads the environment until it is Ready again. Running the new version label, the deploy worked;
 * otherwise Elastic Beanstalk rolled it back, and the action fails with its ERROR events since the
 * deploy began (DescribeEvents), as the environment's event list shows them.
 */
export async function waitForVersion(
  client: ElasticBeanstalkClient,
  target: EnvironmentTarget,
  versionLabel: string,
  since: Date,
  context: { tools: ProviderTools; settings: AwsProviderSettings; signal: AbortSignal },
): Promise<EnvironmentDescription> {
  let shown = '';
  const environment = await pollUntil(
    () => describeEnvironment(client, target),
    (found) => found.Status === 'Ready',
    {
      intervalMs: context.settings.pollIntervalMs,
      signal: context.signal,
      onRead: (found) => {
        const now = `${found.Status ?? ''} (health ${found.Health ?? 'unknown'})`;
        if (now === shown) return;
        shown = now;
        context.tools.log.line('system', `Environment ${target.environmentName}: ${now}`);
        context.tools.progress({ summary: `Environment ${target.environmentName}: ${now}` });
      },
    },
  );
  if (environment.VersionLabel === versionLabel) return environment;
  const { Events = [] } = await client.send(
    new DescribeEventsCommand({ ApplicationName: target.applicationName, EnvironmentName: target.environmentName, StartTime: since, Severity: 'ERROR' }),
  );
  const reasons = Events.map((event) => event.Message).filter((message) => message !== undefined);
  throw new AwsActionFailure(
    'JobFailed',
    `Environment ${target.environmentName} is Ready on version ${environment.VersionLabel ?? 'unknown'}, not ${versionLabel}: ${reasons.length > 0 ? reasons.join(' ') : 'Elastic Beanstalk gave no error event.'}`,
  );
}
