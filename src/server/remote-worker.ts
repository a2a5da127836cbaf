import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { openArtifactStorage } from '../artifacts/open-artifact-storage.js';
import { apiJson } from '../client/api-fetch.js';
import { codePipelineClient } from '../client/codepipeline-client.js';
import { systemClock } from '../core/clock.js';
import type { LogStore } from '../core/contracts/action-log.js';
import type { ActionProvider } from '../core/contracts/action-provider.js';
import { actionTypeKey } from '../core/declaration/types.js';
import { newId } from '../core/ids.js';
import { workerRoutes, type WorkerHello } from '../core/jobs/worker-protocol.js';
import { removeLeftoverContainers } from '../providers/shared/containers/leftover-containers.js';
import { killLeftoverBuilds } from '../providers/shared/leftover-builds.js';
import { warmProcessSpawner } from '../providers/shared/spawner/process-spawner.js';
import { Worker } from '../worker/in-process-worker.js';
import { prepareJobTools } from '../worker/job-tools.js';
import { Backoff, pause } from '../worker/remote/backoff.js';
import { RemoteActionLog } from '../worker/remote/remote-action-log.js';
import { RemotePeer } from '../worker/remote/remote-peer.js';
import { RemoteSecretResolver } from '../worker/remote/remote-secrets.js';
import { isTransient } from '../worker/remote/server-errors.js';
import { actionProviders, withNotRunnableTypes } from './action-providers.js';
import type { SandboxLauncher } from '../providers/shared/sandbox/sandbox-launcher.js';
import { setUpBuildSandbox } from './build-sandbox.js';
import { lockDataDir } from './data-dir-lock.js';
import type { WorkerConfig } from './worker-config.js';
import { workspacesOf } from '../worker/workspaces.js';
import { closeObjectReaders } from '../providers/git/object-reader-pool.js';

export interface RunningWorker {
  workerId: string;
  /** Stops claiming, lets running jobs finish within the grace period, then stops. */
  close(): Promise<void>;
}

/**
 * `pipewright worker`: Pipewright's own providers (builds, Commands, sources, functions, S3 deploys) on
 * this machine, for a server elsewhere. The same Worker as the server's own, with a RemotePeer: jobs are
 * claimed, kept and reported over the server's `/api/worker/…` routes with this worker's credentials;
 * artifacts and buckets are read and written in the server's S3-compatible store; logs stream back to
 * the server. The worker keeps nothing of the server's: its data directory holds workspaces, git
 * mirrors, build caches, and the functions and build projects it runs.
 */
export async function startRemoteWorker(config: WorkerConfig, options: { logger: Logger; signal?: AbortSignal }): Promise<RunningWorker> {
  const { logger, signal } = options;
  const { connection } = config;
  mkdirSync(config.dataDir, { recursive: true });
  const instanceId = newId();
  const workerId = `remote:${hostname()}:${instanceId}`;
  const hello = await greet(config, logger, signal);
  const s3 = sharedStore(config, hello);
  const dataDirLock = lockDataDir(config.dataDir, instanceId);
  let sandbox: SandboxLauncher;
  try {
    sandbox = setUpBuildSandbox(new URL(connection.endpoint).hostname, config.sandbox, logger);
    const workRoot = join(config.dataDir, 'work');
    const leftovers = await killLeftoverBuilds(workRoot);
    if (leftovers > 0) logger.warn({ processGroups: leftovers }, 'killed builds left running by a previous worker process');
    await removeLeftoverContainers(config.sandbox.container, workRoot, logger);
    // A server started before in this process (tests restart servers) may still be making spare workspaces there.
    await workspacesOf(workRoot).idle();
    await rm(workRoot, { recursive: true, force: true });
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
  const storage = await openArtifactStorage({ dataDir: config.dataDir, s3 });
  // The server's git host takes an access key and its secret (the git gate): this worker's own.
  const signing = await codePipelineClient(connection).config.credentials();
  const serverGit = { username: signing.accessKeyId, password: signing.secretAccessKey };
  const providers = chooseProviders(config.types);
  const peer = new RemotePeer({ connection, logger });
  const secrets = new RemoteSecretResolver(connection);
  const worker = new Worker({
    workerId,
    peer,
    providers,
    sandbox,
    prepareTools: (job, hooks) =>
      prepareJobTools(
        {
          partition: hello.partition,
          clock: systemClock,
          dataDir: config.dataDir,
          serverGit,
          apiUrl: connection.endpoint.replace(/\/+$/, ''),
          artifacts: storage.artifacts,
          objects: storage.objects,
          secrets,
          logs: jobLogs(() => new RemoteActionLog({ connection, jobId: job.jobId, workerId, logger })),
        },
        job,
        hooks,
      ),
    concurrency: config.concurrency,
    leaseMs: hello.leaseMs,
    logger,
  });
  worker.start();
  logger.info(
    { endpoint: connection.endpoint, workerId, concurrency: config.concurrency, actionTypes: providers.flatMap((provider) => provider.actionTypes.map(actionTypeKey)).length, artifacts: storage.description },
    'pipewright worker is ready',
  );
  storage.warmUp();
  // Starts every job's processes from here on, so this worker never forks itself on a job's path.
  warmProcessSpawner();
  return {
    workerId,
    close: async () => {
      await worker.drain(config.shutdownGraceMs);
      await closeObjectReaders();
      await peer.close();
      await storage.close();
      dataDirLock.release();
      logger.info('pipewright worker stopped');
    },
  };
}

/** The server's hello, waited for while the server does not answer yet (a worker may start first). */
async function greet(config: WorkerConfig, logger: Logger, signal?: AbortSignal): Promise<WorkerHello> {
  const backoff = new Backoff(250, 5_000);
  let said = false;
  for (;;) {
    try {
      return await apiJson<WorkerHello>(config.connection, workerRoutes.hello);
    } catch (error) {
      if (!isTransient(error) || signal?.aborted === true) throw error;
      if (!said) logger.warn({ endpoint: config.connection.endpoint, err: error }, 'waiting for the server to answer');
      said = true;
      await pause(backoff.next(), signal);
    }
  }
}

/** The server's artifact store, which this worker must reach too; refused with what to do otherwise. */
function sharedStore(config: WorkerConfig, hello: WorkerHello): NonNullable<WorkerConfig['s3']> {
  if (hello.artifacts.kind === 'filesystem') {
    throw new Error(
      `The server at ${config.connection.endpoint} keeps artifacts in its data directory, which a worker on another machine cannot read. ` +
        'Start the server with artifacts in an S3-compatible store (PIPEWRIGHT_S3_BUCKET, PIPEWRIGHT_S3_ENDPOINT) and give the worker the same settings.',
    );
  }
  if (config.s3 === undefined) {
    throw new Error(`The server keeps artifacts in the S3-compatible bucket ${hello.artifacts.bucket}: give the worker the same store (PIPEWRIGHT_S3_BUCKET, PIPEWRIGHT_S3_ENDPOINT and its credentials).`);
  }
  if (config.s3.bucket !== hello.artifacts.bucket) {
    throw new Error(`The server keeps artifacts in bucket ${hello.artifacts.bucket}, not ${config.s3.bucket} (PIPEWRIGHT_S3_BUCKET): the worker must use the server's.`);
  }
  return config.s3;
}

/**
 * Pipewright's own providers, or those `--types` names (a provider such as CodeBuild, or
 * Category/Owner/Provider/Version). Without --types, actions no provider runs are failed at once here
 * too, saying what to use instead: a server running no jobs itself would otherwise let them wait.
 */
export function chooseProviders(types: readonly string[] | undefined): ActionProvider[] {
  const all = actionProviders();
  if (types === undefined) return withNotRunnableTypes(all);
  const known = all.flatMap((provider) => provider.actionTypes);
  const unknown = types.filter((wanted) => !known.some((type) => type.provider === wanted || actionTypeKey(type) === wanted));
  if (unknown.length > 0) {
    throw new Error(`--types names action types this worker cannot run: ${unknown.join(', ')}. It runs: ${[...new Set(known.map((type) => type.provider))].join(', ')}.`);
  }
  return all.flatMap((provider): ActionProvider[] => {
    const actionTypes = provider.actionTypes.filter((type) => types.includes(type.provider) || types.includes(actionTypeKey(type)));
    if (actionTypes.length === 0) return [];
    return [{ actionTypes, rerunnable: provider.rerunnable, ...(provider.load !== undefined ? { load: provider.load } : {}), run: (job, tools, jobSignal) => provider.run(job, tools, jobSignal) }];
  });
}

/** The log store of one job: its log goes to the server; nothing is read back here. */
function jobLogs(open: () => RemoteActionLog): LogStore {
  return {
    open,
    read: () => Promise.reject(new Error('A remote worker does not read action logs: the server keeps them.')),
  };
}
