import type { Connection } from './connection.js';
import { credentialsWithoutSdk } from './shared-config-credentials.js';
import type { SigningCredentials } from './signed-fetch.js';

const sdkProviders = new Map<string, () => Promise<SigningCredentials>>();

/**
 * The credentials a call to `connection` is signed with: what the AWS SDK's chain resolves, found
 * without loading the SDK when the files or the environment hold them, else by the SDK's chain itself
 * (one client per connection, kept).
 */
export async function signingCredentials(connection: Connection, env: NodeJS.ProcessEnv = process.env): Promise<SigningCredentials> {
  const found = await credentialsWithoutSdk(connection, env);
  if (found !== undefined) return found;
  const key = `${connection.endpoint} ${connection.region} ${connection.profile ?? ''}`;
  let provider = sdkProviders.get(key);
  if (provider === undefined) {
    const { codePipelineClient } = await import('./codepipeline-client.js');
    const client = codePipelineClient(connection, env);
    provider = () => client.config.credentials();
    sdkProviders.set(key, provider);
  }
  return provider();
}
