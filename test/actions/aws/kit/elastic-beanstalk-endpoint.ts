import { randomUUID } from 'node:crypto';
import { startAwsEndpoint, xml, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';
import type { FakeS3 } from './s3-endpoint.js';

/**
 * A small AWS Elastic Beanstalk on loopback, answering the query protocol (form-encoded `Action=`, XML in
 * the 2010-12-01 namespace) as the Elastic Beanstalk API Reference documents it. UpdateEnvironment moves
 * the environment to Updating, and the next DescribeEnvironments finds it Ready on the new version, or,
 * when a test scripted a failure, Ready on the previous version with ERROR events (a rolled-back deploy).
 */
export interface FakeElasticBeanstalk extends AwsEndpoint {
  versions: Map<string, { bucket: string; key: string }>;
  environment(name: string): FakeEnvironment | undefined;
  failNext(environmentName: string, messages: string[]): void;
}

export interface FakeEnvironment {
  application: string;
  name: string;
  versionLabel: string;
  status: string;
  health: string;
  pending: (() => void)[];
  events: { severity: string; message: string }[];
}

const namespace = 'http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';

export async function startFakeElasticBeanstalk(environments: { application: string; name: string; versionLabel: string }[], s3: FakeS3): Promise<FakeElasticBeanstalk> {
  const versions = new Map<string, { bucket: string; key: string }>();
  const failures = new Map<string, string[]>();
  const state = new Map<string, FakeEnvironment>(environments.map((environment) => [environment.name, { ...environment, status: 'Ready', health: 'Green', pending: [], events: [] }]));
  const environmentXml = (environment: FakeEnvironment): string =>
    `<EnvironmentName>${xml(environment.name)}</EnvironmentName><EnvironmentId>e-${environment.name.length}abcdefgh</EnvironmentId><ApplicationName>${xml(environment.application)}</ApplicationName>` +
    `<VersionLabel>${xml(environment.versionLabel)}</VersionLabel><Status>${environment.status}</Status><Health>${environment.health}</Health>`;

  const handlers: Record<string, (form: URLSearchParams) => AwsReply> = {
    CreateApplicationVersion(form) {
      const application = form.get('ApplicationName') ?? '';
      if (![...state.values()].some((environment) => environment.application === application)) return error('InvalidParameterValue', `No Application named '${application}' found.`);
      const label = form.get('VersionLabel') ?? '';
      if (versions.has(`${application}/${label}`)) return error('InvalidParameterValue', `Application Version ${label} already exists.`);
      const bucket = form.get('SourceBundle.S3Bucket') ?? '';
      const key = form.get('SourceBundle.S3Key') ?? '';
      if (s3.buckets.get(bucket)?.get(key) === undefined) return error('InvalidParameterCombination', `Unable to download from S3 location (Bucket: ${bucket} Key: ${key}). Reason: Not Found`);
      versions.set(`${application}/${label}`, { bucket, key });
      return result(
        'CreateApplicationVersion',
        `<ApplicationVersion><ApplicationName>${xml(application)}</ApplicationName><VersionLabel>${xml(label)}</VersionLabel><SourceBundle><S3Bucket>${xml(bucket)}</S3Bucket><S3Key>${xml(key)}</S3Key></SourceBundle><Status>UNPROCESSED</Status></ApplicationVersion>`,
      );
    },
    UpdateEnvironment(form) {
      const environment = state.get(form.get('EnvironmentName') ?? '');
      if (environment === undefined) return error('InvalidParameterValue', `No Environment found for EnvironmentName = '${form.get('EnvironmentName')}'.`);
      const label = form.get('VersionLabel') ?? '';
      if (!versions.has(`${environment.application}/${label}`)) return error('InvalidParameterValue', `No Application Version named '${label}' found.`);
      const previous = environment.versionLabel;
      const failure = failures.get(environment.name);
      failures.delete(environment.name);
      environment.status = 'Updating';
      environment.health = 'Grey';
      environment.versionLabel = label;
      environment.pending = [
        () => {
          environment.status = 'Ready';
          environment.health = failure === undefined ? 'Green' : 'Red';
          if (failure !== undefined) {
            environment.versionLabel = previous;
            environment.events.push(...failure.map((message) => ({ severity: 'ERROR', message })));
          }
        },
      ];
      return result('UpdateEnvironment', environmentXml(environment));
    },
    DescribeEnvironments(form) {
      const names: string[] = [];
      for (let index = 1; form.has(`EnvironmentNames.member.${index}`); index++) names.push(form.get(`EnvironmentNames.member.${index}`)!);
      const found = names.map((name) => state.get(name)).filter((environment) => environment !== undefined);
      const body = result('DescribeEnvironments', `<Environments>${found.map((environment) => `<member>${environmentXml(environment)}</member>`).join('')}</Environments>`);
      for (const environment of found) environment.pending.shift()?.();
      return body;
    },
    DescribeEvents(form) {
      const environment = state.get(form.get('EnvironmentName') ?? '');
      const events = (environment?.events ?? []).filter((event) => form.get('Severity') === null || event.severity === form.get('Severity'));
      return result(
        'DescribeEvents',
        `<Events>${events
          .map((event) => `<member><EventDate>2026-12-07T13:00:00.000Z</EventDate><Message>${xml(event.message)}</Message><Severity>${event.severity}</Severity><EnvironmentName>${xml(environment?.name ?? '')}</EnvironmentName></member>`)
          .join('')}</Events>`,
      );
    },
  };
  const endpoint = await startAwsEndpoint((request) => {
    const action = request.form?.get('Action') ?? '';
    const handler = handlers[action];
    if (handler === undefined || request.form === undefined) return error('InvalidAction', `Could not find operation ${action} for version 2010-12-01`);
    return handler(request.form);
  });
  return { ...endpoint, versions, environment: (name) => state.get(name), failNext: (name, messages) => failures.set(name, messages) };
}

function result(action: string, inner: string): AwsReply {
  return {
    status: 200,
    contentType: 'text/xml',
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function error(code: string, message: string): AwsReply {
  return {
    status: 400,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}
