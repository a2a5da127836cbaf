import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { S3Settings } from '../artifacts/s3/s3-settings.js';
import { connectionFromEnvironment, type Connection } from '../client/connection.js';
import { readSandboxSettings, type SandboxSettings } from '../providers/shared/sandbox/sandbox-settings.js';
import { s3Settings } from './config.js';

/** Everything `pipewright worker` is configured with, from flags, environment and defaults. */
export interface WorkerConfig {
  /** The server that hands out jobs (`--endpoint-url`, PIPEWRIGHT_ENDPOINT), and the credentials to sign with. */
  connection: Connection;
  /** Where jobs' workspaces, git mirrors, build caches, functions and build projects live on this machine. */
  dataDir: string;
  /** Jobs run at once (builds are real processes: keep it near the number of cores). */
  concurrency: number;
  /** `--types`: only these action types (a provider name such as CodeBuild, or Category/Owner/Provider/Version). */
  types?: string[];
  /** The S3-compatible store the server keeps artifacts and buckets in (PIPEWRIGHT_S3_*): the worker reads and writes it. */
  s3?: S3Settings;
  /** How long a stopping worker lets running jobs finish (SIGTERM). */
  shutdownGraceMs: number;
  logLevel: string;
  /** How builds, Commands actions and local functions run here: the same settings as a server's (README, "Builds in a sandbox"). */
  sandbox: SandboxSettings;
}

export interface WorkerFlags {
  endpointUrl?: string;
  profile?: string;
  dataDir?: string;
  concurrency?: string;
  types?: string;
}

export function resolveWorkerConfig(flags: WorkerFlags, env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const concurrency = flags.concurrency === undefined ? Math.max(2, availableParallelism()) : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer; got ${flags.concurrency ?? ''}.`);
  const types = flags.types
    ?.split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '');
  const grace = Number(env.PIPEWRIGHT_SHUTDOWN_GRACE_SECONDS ?? 30);
  if (!Number.isFinite(grace) || grace < 0) throw new Error(`PIPEWRIGHT_SHUTDOWN_GRACE_SECONDS must be a number of seconds; got ${env.PIPEWRIGHT_SHUTDOWN_GRACE_SECONDS ?? ''}.`);
  return {
    connection: connectionFromEnvironment(env, flags.endpointUrl, flags.profile),
    dataDir: resolve(flags.dataDir ?? env.PIPEWRIGHT_WORKER_DATA_DIR ?? '.pipewright-worker'),
    concurrency,
    ...(types !== undefined && types.length > 0 ? { types } : {}),
    ...(env.PIPEWRIGHT_S3_BUCKET !== undefined ? { s3: s3Settings(env, env.PIPEWRIGHT_S3_BUCKET) } : {}),
    shutdownGraceMs: grace * 1000,
    logLevel: env.PIPEWRIGHT_LOG_LEVEL ?? 'info',
    sandbox: readSandboxSettings(env),
  };
}
