import { existsSync, readFileSync } from 'node:fs';
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
 * The credentials the AWS SDK's chain would find, for the cases that need no SDK to find them, in the
 * chain's order: none named (throwaway ones); AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when no profile
 * is named (the chain skips them when one is); a profile whose keys are in the shared credentials or
 * config file. Anything else (a role to assume, SSO, a credential process, a container or instance
 * role) is undefined: the caller asks the SDK's chain. Loading the SDK for a read was most of
 * `pipewright status`'s time (docs/decisions/cli-startup.md).
 */
export function credentialsWithoutSdk(connection: Connection, env: NodeJS.ProcessEnv): SigningCredentials | undefined {
  if (!namesCredentials(connection, env)) return throwawayCredentials;
  const profileName = connection.profile ?? env.AWS_PROFILE;
  if (profileName === undefined && env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) {
    return withSessionToken({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }, env.AWS_SESSION_TOKEN);
  }
  const profile = profileSettings(profileName ?? 'default', env);
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey } = profile;
  // The chain's order: SSO and roles to assume come before a profile's own keys.
  const resolvedElsewhere = ['sso_start_url', 'sso_session', 'role_arn'].some((key) => profile[key] !== undefined);
  if (resolvedElsewhere || accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return withSessionToken({ accessKeyId, secretAccessKey }, profile.aws_session_token);
}

function withSessionToken(credentials: SigningCredentials, sessionToken: string | undefined): SigningCredentials {
  return sessionToken !== undefined && sessionToken !== '' ? { ...credentials, sessionToken } : credentials;
}

/** A profile's settings: the config file's, overridden key by key by the credentials file's (as the SDK merges them). */
function profileSettings(name: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const awsDir = join(homedir(), '.aws');
  const config = iniSections(env.AWS_CONFIG_FILE ?? join(awsDir, 'config'));
  const credentials = iniSections(env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDir, 'credentials'));
  // The config file names a profile `[profile NAME]` (the default one may be `[default]`).
  const fromConfig = { ...(name === 'default' ? config.get('default') : undefined), ...config.get(`profile ${name}`) };
  return { ...fromConfig, ...credentials.get(name) };
}

/** The sections of an AWS shared config or credentials file (`[name]`, then `key = value` lines); none when it is missing. */
function iniSections(path: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return sections;
  }
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (section !== null) {
      current = sections.get(section[1]!) ?? {};
      sections.set(section[1]!, current);
      continue;
    }
    const setting = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    // Indented lines are a nested setting's (s3 = …): not credentials, left out.
    if (setting !== null && current !== undefined && !/^\s/.test(rawLine)) current[setting[1]!.toLowerCase()] = setting[2]!;
  }
  return sections;
}
