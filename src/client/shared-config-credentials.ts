import { existsSync } from 'node:fs';
import { parseKnownFiles } from '@smithy/core/config';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from './connection.js';
import type { SigningCredentials } from './signed-fetch.js';

/** What a `pipewright` command signs with when the user named no credentials: a server in `--auth none` mode accepts any. */
export const throwawayCredentials: SigningCredentials = { accessKeyId: 'pipewright-local', secretAccessKey: 'pipewright-local' };

/**
 * Whether the user named credentials at all (`--profile`, AWS_PROFILE, AWS_ACCESS_KEY_ID, or a credentials
 * file in AWS_SHARED_CREDENTIALS_FILE, which a server started with `--auth iam` writes). Without any, a
 * command signs with throwaway ones (the SDK would otherwise refuse to sign).
 */
export function namesCredentials(connection: Connection, env: NodeJS.ProcessEnv): boolean {
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE;
  return (
    connection.profile !== undefined ||
    env.AWS_ACCESS_KEY_ID !== undefined ||
    env.AWS_PROFILE !== undefined ||
    (credentialsFile !== undefined && credentialsFile !== '' && existsSync(credentialsFile))
  );
}

/**
 * The credentials the AWS SDK's chain would find, for the cases that need no SDK client to find them,
 * in the chain's order: none named (throwaway ones); AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when
 * no profile is named (the chain skips them when one is); a profile whose keys are in the shared
 * credentials or config file, read and merged by the SDK's own loader (@smithy/core's
 * shared-ini-file-loader). Anything else (a role to assume, SSO, a credential process, a container or
 * instance role) is undefined: the caller asks the SDK's chain. Loading the SDK client for a read was
 * most of `pipewright status`'s time (docs/decisions/cli-startup.md).
 */
export async function credentialsWithoutSdk(connection: Connection, env: NodeJS.ProcessEnv): Promise<SigningCredentials | undefined> {
  if (!namesCredentials(connection, env)) return throwawayCredentials;
  const profileName = connection.profile ?? env.AWS_PROFILE;
  if (profileName === undefined && env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) {
    return withSessionToken({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }, env.AWS_SESSION_TOKEN);
  }
  const awsDir = join(homedir(), '.aws');
  const profiles = await parseKnownFiles({
    filepath: env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDir, 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE ?? join(awsDir, 'config'),
    ignoreCache: true,
  });
  const profile = profiles[profileName ?? 'default'] ?? {};
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey } = profile;
  // The chain's order: SSO and roles to assume come before a profile's own keys.
  const resolvedElsewhere = ['sso_start_url', 'sso_session', 'role_arn'].some((key) => profile[key] !== undefined);
  if (resolvedElsewhere || accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return withSessionToken({ accessKeyId, secretAccessKey }, profile.aws_session_token);
}

function withSessionToken(credentials: SigningCredentials, sessionToken: string | undefined): SigningCredentials {
  return sessionToken !== undefined && sessionToken !== '' ? { ...credentials, sessionToken } : credentials;
}
