import { join } from 'node:path';
import type { ArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { artifactEndpoint } from '../../core/jobs/artifact-endpoint.js';
import { currentSandbox } from '../shared/sandbox/current-sandbox.js';
import type { LocalFunction } from './local-function.js';

/**
 * The environment of one invocation, as Lambda's Node.js runtime sets it, pointed at this Pipewright:
 * the AWS SDKs (and the CLI) send CodePipeline calls to the server (`AWS_ENDPOINT_URL_CODEPIPELINE`,
 * `AWS_ENDPOINT_URL`) and artifact reads and writes to its artifact endpoint (`AWS_ENDPOINT_URL_S3`),
 * signed with its role's credentials (`aws`: the job's container credentials endpoint, see
 * ProviderTools.awsEnvironment), so a function written for CodePipeline runs unchanged. Tools made
 * outside a server have no such endpoint: the job's artifact credentials are then given as variables.
 * Nothing of the server's own environment is passed on; the function's Environment.Variables are, but
 * never over the reserved names (Lambda refuses those too).
 */
export function functionEnvironment(input: {
  fn: LocalFunction;
  apiUrl: string;
  region: string;
  accountId: string;
  credentials: ArtifactCredentials;
  /** The role's credentials endpoint and the service endpoints; empty outside a server. */
  aws: Record<string, string>;
  requestId: string;
  deadline: number;
  invocationDir: string;
}): Record<string, string> {
  const { fn } = input;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    ...fn.environment,
    PATH: currentSandbox().settings.hostEnvironment.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // A home of its own: the SDKs would otherwise read the server user's ~/.aws configuration.
    HOME: join(input.invocationDir, 'home'),
    LAMBDA_TASK_ROOT: fn.dir,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0] ?? ''}.x`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${input.requestId.replaceAll('-', '')}`,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    ...(input.aws.AWS_CONTAINER_CREDENTIALS_FULL_URI === undefined
      ? { AWS_ACCESS_KEY_ID: input.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey, AWS_SESSION_TOKEN: input.credentials.sessionToken }
      : {}),
    AWS_ENDPOINT_URL: input.apiUrl,
    AWS_ENDPOINT_URL_CODEPIPELINE: input.apiUrl,
    AWS_ENDPOINT_URL_S3: artifactEndpoint(input.apiUrl),
    ...input.aws,
    PIPEWRIGHT_REQUEST_ID: input.requestId,
    PIPEWRIGHT_FUNCTION_DEADLINE: String(input.deadline),
    PIPEWRIGHT_INVOKED_FUNCTION_ARN: `arn:aws:lambda:${input.region}:${input.accountId}:function:${fn.name}`,
  };
}
