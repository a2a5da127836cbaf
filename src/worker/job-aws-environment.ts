import type { JobCredentialGrant } from '../core/contracts/job-credentials.js';
import { artifactEndpoint } from '../core/jobs/artifact-endpoint.js';

/** Services whose calls a job's work may send to AWS itself rather than to this server. */
export type JobServiceOnAws = 's3';

/**
 * The endpoint variables of the services Pipewright answers, by the names of the AWS SDKs' and CLI's
 * service-specific endpoints (AWS SDKs and Tools reference guide, "Identifiers for service-specific
 * endpoints": AWS_ENDPOINT_URL_<serviceId, upper case, spaces as underscores>).
 */
const servedServices: readonly { variable: string; url: (server: string) => string; onAws?: JobServiceOnAws }[] = [
  { variable: 'AWS_ENDPOINT_URL_CODEPIPELINE', url: (server) => server },
  { variable: 'AWS_ENDPOINT_URL_S3', url: artifactEndpoint, onAws: 's3' },
  { variable: 'AWS_ENDPOINT_URL_SSM', url: (server) => server },
  { variable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER', url: (server) => server },
  { variable: 'AWS_ENDPOINT_URL_IAM', url: (server) => server },
  { variable: 'AWS_ENDPOINT_URL_STS', url: (server) => server },
];

/**
 * What the work of a job (a build, a Commands action, a local function) gets to call AWS APIs as its
 * role, the way CodeBuild and ECS give it: the container credentials endpoint and its token
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN), which every AWS SDK and the
 * CLI read in their default credential chain, the region, and this server as the endpoint of each
 * service it answers, except those the operator sends to AWS.
 */
export function jobAwsEnvironment(grant: JobCredentialGrant, serverUrl: string, region: string, onAws: ReadonlySet<JobServiceOnAws>): Record<string, string> {
  const server = jobServerUrl(serverUrl);
  const env: Record<string, string> = {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server}${grant.path}`,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: grant.authorizationToken,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
  for (const service of servedServices) {
    if (service.onAws === undefined || !onAws.has(service.onAws)) env[service.variable] = service.url(server);
  }
  return env;
}

/**
 * The server as a job on this host reaches it. The SDKs fetch container credentials over plain HTTP
 * only from a loopback address (credential-provider-http's checkUrl), so a server listening on every
 * address is reached at the loopback one.
 */
export function jobServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}
