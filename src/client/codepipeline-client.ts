import { CodePipelineClient, CodePipelineServiceException } from '@aws-sdk/client-codepipeline';
import { ServerRefusedError, ServerUnreachableError, isUnreachable } from './client-errors.js';
import type { Connection } from './connection.js';
import { namesCredentials, throwawayCredentials } from './shared-config-credentials.js';

/**
 * The AWS SDK's CodePipeline client pointed at a Pipewright server: the same API as the AWS CLI.
 * Credentials come from the SDK's own chain (`--profile`, AWS_PROFILE, AWS_ACCESS_KEY_ID,
 * AWS_SHARED_CREDENTIALS_FILE: a server started with `--auth iam` writes one); a server in `--auth none`
 * mode accepts any, so throwaway ones stand in when none are named (the SDK would otherwise refuse to sign). One attempt per call: a local server that does not answer will
 * not answer a retry either, and the user should hear so at once.
 */
export function codePipelineClient(connection: Connection, env: NodeJS.ProcessEnv = process.env): CodePipelineClient {
  return new CodePipelineClient({
    endpoint: connection.endpoint,
    region: connection.region,
    maxAttempts: 1,
    ...(connection.profile !== undefined ? { profile: connection.profile } : {}),
    ...(namesCredentials(connection, env) ? {} : { credentials: throwawayCredentials }),
  });
}

/**
 * Sends one SDK command, turning the SDK's errors into the client's two failures: the server's
 * exceptions into ServerRefusedError, a connection that failed into ServerUnreachableError.
 */
export async function call<Output>(connection: Connection, send: () => Promise<Output>): Promise<Output> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof CodePipelineServiceException) {
      throw new ServerRefusedError(error.name, error.message, error.$metadata.httpStatusCode ?? 0);
    }
    if (isUnreachable(error)) throw new ServerUnreachableError(connection.endpoint, { cause: error });
    throw error;
  }
}

/** A response without the SDK's `$metadata`: what the server sent. */
export function withoutMetadata<Output extends object>(output: Output): Omit<Output, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output as Output & { $metadata?: unknown };
  return rest;
}
