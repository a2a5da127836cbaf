import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceFailure } from '../git/source-checkout.js';

/**
 * Which git host a connection ARN stands for. AWS keeps connections in a service of their own
 * (CodeConnections); Pipewright keeps them in `<data-dir>/connections.json`, next to the repositories
 * and beside the state, so that a pipeline definition written for GitHub or GitLab runs unchanged
 * against whichever host the operator maps its ARN to:
 *
 * ```json
 * { "connections": {
 *     "arn:aws:codestar-connections:us-east-1:123456789012:connection/4f1c…": {
 *       "baseUrl": "https://github.com",
 *       "providerType": "GitHub",
 *       "username": "x-access-token",
 *       "tokenEnv": "GITHUB_TOKEN"
 *     },
 *     "arn:aws:codeconnections:us-east-1:123456789012:connection/local": {
 *       "baseUrl": "http://127.0.0.1:8741/git"
 *     } } }
 * ```
 *
 * The repository is `<baseUrl>/<FullRepositoryId>`. A token (`token`, or the name of an environment
 * variable holding it, `tokenEnv`) is sent as HTTP Basic credentials with `username` (default
 * `x-access-token`, which GitHub requires for app tokens and GitLab and Gitea ignore for personal
 * tokens). `commitUrlTemplate` (with `{FullRepositoryId}` and `{CommitId}`) names the page of a
 * commit; for known providers it is derived. `webhookSecret` (or `webhookSecretEnv`, the name of an
 * environment variable holding it) is the secret the host signs its webhook calls with: the host's
 * webhook points at `<server>/webhooks/v2/<connection id>` (the id ends the ARN, after
 * `connection/`), and V2 triggers start from those calls; without a secret such calls are refused.
 * The file is read for every job and every call: edits apply at once.
 */
export const connectionProviderTypes = ['Bitbucket', 'GitHub', 'GitHubEnterpriseServer', 'GitLab', 'GitLabSelfManaged'] as const;
export type ConnectionProviderType = (typeof connectionProviderTypes)[number];

export interface ConnectionSettings {
  arn: string;
  /** http(s) URL without credentials, query or trailing slash. */
  baseUrl: string;
  providerType?: ConnectionProviderType;
  username: string;
  token?: string;
  tokenEnv?: string;
  commitUrlTemplate?: string;
  webhookSecret?: string;
  webhookSecretEnv?: string;
}

export function connectionsFile(dataDir: string): string {
  return join(dataDir, 'connections.json');
}

/** The settings of `arn`, or a ConfigurationError saying what is missing or wrong in the file. */
export async function loadConnection(dataDir: string, arn: string): Promise<ConnectionSettings> {
  const { file, connections } = await readConnections(dataDir, arn);
  const entry = connections[arn];
  if (entry === undefined) throw new SourceFailure('ConfigurationError', `The connection ${arn} is not configured in ${file}.`);
  return parseConnection(arn, entry, file);
}

/** The connection whose ARN ends in `connection/<id>` (the id a webhook URL names), or undefined. */
export async function findConnectionById(dataDir: string, id: string): Promise<ConnectionSettings | undefined> {
  if (!existsSync(connectionsFile(dataDir))) return undefined;
  const { file, connections } = await readConnections(dataDir, `with the id ${id}`);
  const arn = Object.keys(connections).find((candidate) => candidate.endsWith(`:connection/${id}`));
  return arn === undefined ? undefined : parseConnection(arn, connections[arn], file);
}

/** The secret a connection's host signs webhook calls with, or undefined when none is configured. */
export function webhookSecretOf(connection: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = connection.webhookSecret ?? (connection.webhookSecretEnv !== undefined ? env[connection.webhookSecretEnv] : undefined);
  return secret === '' ? undefined : secret;
}

async function readConnections(dataDir: string, arn: string): Promise<{ file: string; connections: Record<string, unknown> }> {
  const file = connectionsFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SourceFailure('ConfigurationError', `The connection ${arn} is not configured: ${file} does not exist (it maps connection ARNs to git hosts).`);
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceFailure('ConfigurationError', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const connections = isRecord(parsed) ? parsed.connections : undefined;
  if (!isRecord(connections)) throw new SourceFailure('ConfigurationError', `${file} must hold an object {"connections": {"<connection ARN>": {…}}}.`);
  return { file, connections };
}

function parseConnection(arn: string, entry: unknown, file: string): ConnectionSettings {
  const wrong = (what: string): SourceFailure => new SourceFailure('ConfigurationError', `The connection ${arn} in ${file}: ${what}`);
  if (!isRecord(entry)) throw wrong('its settings must be an object.');
  const { baseUrl, providerType, username, token, tokenEnv, commitUrlTemplate, webhookSecret, webhookSecretEnv } = entry;
  if (typeof baseUrl !== 'string') throw wrong('"baseUrl" (the git host\'s base URL) is required.');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw wrong(`"baseUrl" ${JSON.stringify(baseUrl)} is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw wrong('"baseUrl" must be an http:// or https:// URL.');
  // Credentials in a URL end up in logs and in clones' .git/config; they have fields of their own.
  if (url.username !== '' || url.password !== '') throw wrong('"baseUrl" must not carry credentials; use "username" and "token" or "tokenEnv".');
  if (url.search !== '' || url.hash !== '') throw wrong('"baseUrl" must not have a query or a fragment.');
  if (providerType !== undefined && !connectionProviderTypes.includes(providerType as ConnectionProviderType)) {
    throw wrong(`"providerType" must be one of ${connectionProviderTypes.join(', ')}.`);
  }
  for (const [name, value] of Object.entries({ username, token, tokenEnv, commitUrlTemplate, webhookSecret, webhookSecretEnv })) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw wrong(`"${name}" must be a non-empty string.`);
  }
  if (token !== undefined && tokenEnv !== undefined) throw wrong('give "token" or "tokenEnv", not both.');
  if (webhookSecret !== undefined && webhookSecretEnv !== undefined) throw wrong('give "webhookSecret" or "webhookSecretEnv", not both.');
  return {
    arn,
    baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    username: (username as string | undefined) ?? 'x-access-token',
    ...(providerType !== undefined ? { providerType: providerType as ConnectionProviderType } : {}),
    ...(token !== undefined ? { token: token as string } : {}),
    ...(tokenEnv !== undefined ? { tokenEnv: tokenEnv as string } : {}),
    ...(commitUrlTemplate !== undefined ? { commitUrlTemplate: commitUrlTemplate as string } : {}),
    ...(webhookSecret !== undefined ? { webhookSecret: webhookSecret as string } : {}),
    ...(webhookSecretEnv !== undefined ? { webhookSecretEnv: webhookSecretEnv as string } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
