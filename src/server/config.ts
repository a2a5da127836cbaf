import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Partition } from '../core/arn.js';
import type { ApiLimits } from '../api/services.js';
import type { S3Settings } from '../artifacts/s3/s3-settings.js';
import { awsDefaultLimits } from '../api/services.js';
import { resolveAuthMode, type AuthMode } from '../core/identity/auth-mode.js';
import { defaultHttpLimits, type HttpLimits } from '../api/http/guards/door-settings.js';
import type { JobServiceOnAws } from '../worker/job-aws-environment.js';
import { readSandboxSettings, type SandboxSettings } from '../providers/shared/sandbox/sandbox-settings.js';

/** Everything a Pipewright server is configured with, resolved from flags, environment and defaults. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Data directory: the SQLite file, artifacts, repositories, functions, logs. */
  dataDir: string;
  /** Hosted git repositories: `<data-dir>/repos`, or PIPEWRIGHT_REPOS_DIR (a directory replicas share). */
  reposDir: string;
  /** postgres://… to keep state in PostgreSQL; SQLite in the data directory otherwise. */
  databaseUrl?: string;
  partition: Partition;
  limits: ApiLimits;
  /** The URL clients reach the server by, when not loopback or an IP address (Host and Origin checks, links). */
  publicUrl?: string;
  /** Bounds on requests: body and header sizes, timeouts, event streams. */
  http: HttpLimits;
  /** Whether notification targets may be loopback, link-local or private addresses (refused by default: SSRF). */
  allowPrivateNotificationTargets: boolean;
  logLevel: string;
  /** An S3-compatible endpoint for artifacts and buckets; the data directory's folders otherwise. */
  s3?: S3Settings;
  /** How long artifacts no retryable or running execution needs are kept. */
  artifactRetentionMs: number;
  /** How often old artifacts are looked for. */
  artifactSweepIntervalMs: number;
  /** Jobs the in-process worker runs at once; 0 runs none (other replicas or workers do). */
  workerConcurrency: number;
  /** How long a claimed job stays its worker's without a heartbeat; then another replica takes it back. */
  jobLeaseMs: number;
  /** How long a stopping server lets running actions finish (SIGTERM). */
  shutdownGraceMs: number;
  /** The wait before a failed notification is sent again (doubling for each further try). */
  notificationRetryDelayMs: number;
  /** Time between two rounds of polling for source changes (PollForSourceChanges, DetectChanges). */
  pollIntervalMs: number;
  /**
   * Whether the `server` command sets up the quickstart demo (src/server/demo) in a new data directory.
   * Only that command reads it: startServer never seeds, so servers started by tests stay empty.
   */
  demo: boolean;
  /** `iam`: SigV4 and IAM policies on every door; `none`: loopback only, everyone may do everything. */
  auth: AuthMode;
  /** The key sealing stored secrets (default `<data-dir>/keys/secrets.key`), kept apart from the database. */
  secretsKeyFile: string;
  /** Services jobs call on AWS rather than here: S3 when PIPEWRIGHT_AWS_S3_BUCKETS is `*` (every bucket on AWS). */
  jobServicesOnAws: ReadonlySet<JobServiceOnAws>;
  /** How builds, Commands actions and local functions run: bubblewrap or not, their user, limits, environment (README, "Builds in a sandbox"). */
  sandbox: SandboxSettings;
}

export interface ServerFlags {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
  publicUrl?: string;
  /** `--no-demo` (false) or `--demo` (true); absent falls back to PIPEWRIGHT_DEMO, then true. */
  demo?: boolean;
  /** `--auth iam|none`; absent falls back to PIPEWRIGHT_AUTH, then to none on loopback and iam elsewhere. */
  auth?: string;
}

export const defaultPort = 8741;

export function resolveServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const accountId = env.PIPEWRIGHT_ACCOUNT_ID ?? '123456789012';
  if (!/^[0-9]{12}$/.test(accountId)) throw new Error(`PIPEWRIGHT_ACCOUNT_ID must be 12 digits; got ${accountId}.`);
  const databaseUrl = flags.databaseUrl ?? env.PIPEWRIGHT_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`--database-url must be a postgres:// URL; got ${databaseUrl}.`);
  }
  const host = flags.host ?? env.PIPEWRIGHT_HOST ?? '127.0.0.1';
  const dataDir = resolve(flags.dataDir ?? env.PIPEWRIGHT_DATA_DIR ?? '.pipewright');
  return {
    host,
    port: flags.port ?? (env.PIPEWRIGHT_PORT !== undefined ? Number(env.PIPEWRIGHT_PORT) : defaultPort),
    dataDir,
    reposDir: resolve(env.PIPEWRIGHT_REPOS_DIR || resolve(dataDir, 'repos')),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    partition: { region: env.PIPEWRIGHT_REGION ?? env.AWS_REGION ?? 'us-east-1', accountId },
    limits: { ...awsDefaultLimits, maxAuditRecords: positiveInteger('PIPEWRIGHT_AUDIT_MAX_RECORDS', env.PIPEWRIGHT_AUDIT_MAX_RECORDS, awsDefaultLimits.maxAuditRecords) },
    ...publicUrlSetting(flags.publicUrl ?? env.PIPEWRIGHT_PUBLIC_URL),
    http: httpLimits(env),
    allowPrivateNotificationTargets: booleanSetting('PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS', env.PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS, false),
    logLevel: env.PIPEWRIGHT_LOG_LEVEL ?? 'info',
    ...(env.PIPEWRIGHT_S3_BUCKET !== undefined ? { s3: s3Settings(env, env.PIPEWRIGHT_S3_BUCKET) } : {}),
    artifactRetentionMs: Number(env.PIPEWRIGHT_ARTIFACT_RETENTION_DAYS ?? 30) * 24 * 60 * 60 * 1000,
    artifactSweepIntervalMs: 60 * 60 * 1000,
    workerConcurrency: Number(env.PIPEWRIGHT_WORKER_CONCURRENCY ?? Math.max(2, availableParallelism())),
    jobLeaseMs: positiveSeconds('PIPEWRIGHT_JOB_LEASE_SECONDS', env.PIPEWRIGHT_JOB_LEASE_SECONDS, 60),
    shutdownGraceMs: Number(env.PIPEWRIGHT_SHUTDOWN_GRACE_SECONDS ?? 30) * 1000,
    notificationRetryDelayMs: Number(env.PIPEWRIGHT_NOTIFICATION_RETRY_MS ?? 1000),
    pollIntervalMs: pollInterval(env.PIPEWRIGHT_POLL_INTERVAL_SECONDS),
    demo: flags.demo ?? demoSetting(env.PIPEWRIGHT_DEMO),
    auth: resolveAuthMode(host, flags.auth ?? (env.PIPEWRIGHT_AUTH || undefined)),
    secretsKeyFile: resolve(env.PIPEWRIGHT_SECRETS_KEY_FILE ?? resolve(dataDir, 'keys', 'secrets.key')),
    jobServicesOnAws: new Set<JobServiceOnAws>((env.PIPEWRIGHT_AWS_S3_BUCKETS ?? '').split(',').some((name) => name.trim() === '*') ? ['s3'] : []),
    sandbox: readSandboxSettings(env),
  };
}

function demoSetting(value: string | undefined): boolean {
  return booleanSetting('PIPEWRIGHT_DEMO', value, true);
}

function booleanSetting(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false; got ${value}.`);
}

function publicUrlSetting(value: string | undefined): { publicUrl?: string } {
  if (value === undefined || value === '') return {};
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--public-url (PIPEWRIGHT_PUBLIC_URL) must be an http(s) URL; got ${value}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--public-url (PIPEWRIGHT_PUBLIC_URL) must be an http(s) URL; got ${value}.`);
  return { publicUrl: url.origin };
}

/** Each bound, from its PIPEWRIGHT_* variable (a positive integer) or its default. */
const httpLimitVariables: Readonly<Record<keyof HttpLimits, string>> = {
  maxBodyBytes: 'PIPEWRIGHT_MAX_BODY_BYTES',
  maxHeaderBytes: 'PIPEWRIGHT_MAX_HEADER_BYTES',
  headersTimeoutMs: 'PIPEWRIGHT_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'PIPEWRIGHT_REQUEST_TIMEOUT_MS',
  idleTimeoutMs: 'PIPEWRIGHT_IDLE_TIMEOUT_MS',
  maxEventStreams: 'PIPEWRIGHT_MAX_EVENT_STREAMS',
};

function httpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const limits = { ...defaultHttpLimits };
  for (const [key, variable] of Object.entries(httpLimitVariables) as [keyof HttpLimits, string][]) {
    limits[key] = positiveInteger(variable, env[variable], limits[key]);
  }
  return limits;
}

function positiveInteger(variable: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable} must be a positive integer; got ${text}.`);
  return value;
}

function positiveSeconds(name: string, value: string | undefined, fallback: number): number {
  const seconds = Number(value ?? fallback);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`${name} must be a positive number of seconds; got ${value ?? ''}.`);
  return seconds * 1000;
}

function pollInterval(seconds: string | undefined): number {
  const value = Number(seconds ?? 60);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`PIPEWRIGHT_POLL_INTERVAL_SECONDS must be a positive number of seconds; got ${seconds ?? ''}.`);
  return value * 1000;
}

export function s3Settings(env: NodeJS.ProcessEnv, bucket: string): S3Settings {
  const accessKeyId = env.PIPEWRIGHT_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.PIPEWRIGHT_S3_SECRET_ACCESS_KEY;
  return {
    bucket,
    ...(env.PIPEWRIGHT_S3_ENDPOINT !== undefined ? { endpoint: env.PIPEWRIGHT_S3_ENDPOINT } : {}),
    ...(env.PIPEWRIGHT_S3_REGION !== undefined ? { region: env.PIPEWRIGHT_S3_REGION } : {}),
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}
