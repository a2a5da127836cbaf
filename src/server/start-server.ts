import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { createHttpApp } from '../api/http/create-http-app.js';
import type { PushListener } from '../api/http/git-route.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import type { ActionProvider } from '../core/contracts/action-provider.js';
import { newId } from '../core/ids.js';
import { newArtifactCredentials } from '../core/jobs/artifact-credentials.js';
import { ActionTypeCatalog } from '../engine/action-type-catalog.js';
import { Engine } from '../engine/engine.js';
import { ChangeDetection } from '../engine/change-detection/change-detection.js';
import { JobService } from '../engine/job-service.js';
import { ArtifactRetention } from '../engine/retention/artifact-retention.js';
import { defaultDeliveryPolicy, NotificationDispatcher } from '../engine/event-delivery/notification-dispatcher.js';
import { ApprovalNotifier } from '../engine/notifications/approval-notifier.js';
import { openArtifactStorage } from '../artifacts/open-artifact-storage.js';
import { openStore, type StoreLocation } from '../store/open-store.js';
import { FileLogStore } from '../artifacts/logs/file-log-store.js';
import { actionTypeKey } from '../core/declaration/types.js';
import { inProcessPeer } from '../engine/in-process-peer.js';
import { StoreSecretResolver } from '../engine/secret-resolver.js';
import { removeLeftoverContainers } from '../providers/shared/containers/leftover-containers.js';
import { killLeftoverBuilds } from '../providers/shared/leftover-builds.js';
import { warmProcessSpawner } from '../providers/shared/spawner/process-spawner.js';
import { Worker } from '../worker/in-process-worker.js';
import { prepareJobTools } from '../worker/job-tools.js';
import { actionProviders, withNotRunnableTypes } from './action-providers.js';
import { registerThirdPartyActionTypes } from './third-party-action-types.js';
import type { ServerConfig } from './config.js';
import { setUpBuildSandbox } from './build-sandbox.js';
import { sourceProbe } from './source-probe.js';
import { LostJobSweep } from '../engine/lost-job-sweep.js';
import { lockDataDir } from './data-dir-lock.js';
import { IdentityService } from '../api/identity.js';
import { ConsoleSessions } from '../api/identity/console-sessions.js';
import { JobCredentialGrants } from '../api/identity/job-credential-grants.js';
import { secretSealer } from '../core/identity/secret-sealing.js';
import { loadSecretsKey } from './identity/secrets-key-file.js';
import { ensureRootCredentials, type CreatedRootCredentials } from './identity/root-credentials.js';
import { workspacesOf } from '../worker/workspaces.js';
import { closeObjectReaders } from '../providers/git/object-reader-pool.js';
import { closePreparedSandboxes } from '../providers/shared/sandbox/prepared-sandboxes.js';

export interface RunningServer {
  /** The base URL the server answers on, e.g. http://127.0.0.1:8741. */
  url: string;
  store: Store;
  engine: Engine;
  /** The buckets S3 sources read and S3 deploys write (`pipewright run` puts a working copy's zip there). */
  objects: ObjectStore;
  /** Who may call: `iam` (SigV4 and policies) or `none` (loopback only). */
  identity: IdentityService;
  /** The root credentials, when this start created them (and wrote them to `<data-dir>/credentials`). */
  rootCredentials?: CreatedRootCredentials;
  /** Applies the artifact retention policy now (it also runs every hour). */
  sweepArtifacts(): Promise<{ removedArtifacts: number; freedBytes: number }>;
  /** Stops taking requests and work, lets running work finish within the grace period, then closes. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  clock?: Clock;
  /** Overrides where the store lives (tests put PostgreSQL in a schema of their own). */
  storeLocation?: StoreLocation;
  /** Called after a successful `git push` to a hosted repository (the engine will start pipelines from it). */
  onPush?: PushListener;
  /** Providers the worker runs besides Pipewright's own (benchmarks plug in actions that do nothing). */
  extraProviders?: readonly ActionProvider[];
}

/** The composition root: opens the store, wires engine, worker and API, recovers, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(config.dataDir, { recursive: true });
  const instanceId = newId();
  const ownWorkerId = `inprocess:${instanceId}`;
  // Before anything touches the data directory: a second server on it would kill the first one's builds.
  const dataDirLock = lockDataDir(config.dataDir, instanceId);
  const storeLocation: StoreLocation =
    options.storeLocation ??
    (config.databaseUrl !== undefined ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', path: join(config.dataDir, 'pipewright.db') });
  // Builds of a previous process killed with SIGKILL may still run: stop them before any new work,
  // then let the artifact store unmount what they had mounted, then clear their workspaces.
  const workRoot = join(config.dataDir, 'work');
  const clearLeftoverWork = async (leftoverBuildsStopped: Promise<number>) => {
    const leftovers = await leftoverBuildsStopped;
    if (leftovers > 0) logger.warn({ processGroups: leftovers }, 'killed builds left running by a previous server process');
    await removeLeftoverContainers(config.sandbox.container, workRoot, logger);
    const opened = await openArtifactStorage({ dataDir: config.dataDir, retentionMs: config.artifactRetentionMs, ...(config.s3 !== undefined ? { s3: config.s3 } : {}) });
    // A server started before in this process (tests restart servers) may still be making spare workspaces there.
    await workspacesOf(workRoot).idle();
    await rm(workRoot, { recursive: true, force: true });
    return opened;
  };
  // Both at once: the store's writer thread takes ~100 ms to start, mostly waiting, and the leftover
  // work's clearing (files, the artifact store's recovery) needs nothing from the store.
  const storeOpening = openStore(storeLocation);
  const leftoverBuildsStopped = killLeftoverBuilds(workRoot);
  const opening = Promise.all([storeOpening, clearLeftoverWork(leftoverBuildsStopped)]);
  // A failure is taken where `opening` is awaited, below; until then it must not count as unhandled.
  opening.catch(() => undefined);
  // How this server's worker runs builds: each job runs with this launcher (worker/in-process-worker.ts).
  // Its bubblewrap probes (`bwrap … true`, run by spawnSync: ~20 ms each, and twice as root) block this
  // thread, so they run while the writer thread starts (started by the microtasks that ran meanwhile),
  // and after the builds left running are stopped (one of them could hold the uid the probe runs as).
  // No job runs before their answer: the worker is made with this launcher, after.
  await leftoverBuildsStopped.catch(() => undefined);
  const sandbox = setUpBuildSandbox(config.host, config.sandbox, logger);
  const [store, storage] = await opening;
  const providers = withNotRunnableTypes([...actionProviders(), ...(options.extraProviders ?? [])]);
  const rerunnable = new Map(providers.flatMap((provider) => provider.actionTypes.map((type) => [actionTypeKey(type), provider.rerunnable] as const)));

  const registered = await registerThirdPartyActionTypes(store, config.dataDir, clock.now());
  if (registered > 0) logger.info({ actionTypes: registered }, 'registered third-party action types');
  const actionTypes = new ActionTypeCatalog(store);
  await actionTypes.refresh();
  const engine = new Engine({
    store,
    clock,
    partition: config.partition,
    logger,
    actionTypes: () => actionTypes.current(),
    maxConcurrentExecutions: config.limits.maxConcurrentExecutions,
  });
  // Before recovery and the worker: what other replicas decide from now on reaches this one.
  // Replicas need PostgreSQL: its client (pg) is loaded only then, not by a server on SQLite.
  const joinReplicas = storeLocation.kind === 'postgres' ? (await import('./replicas.js')).joinReplicas : () => Promise.resolve(undefined);
  const replicas = await joinReplicas(storeLocation, { replicaId: instanceId, engine, logger, sharedArtifacts: config.s3 !== undefined }).catch(async (error: unknown) => {
    await storage.close();
    await store.close();
    dataDirLock.release();
    throw error;
  });
  if (replicas !== undefined && config.reposDir === join(config.dataDir, 'repos')) {
    logger.warn({ reposDir: config.reposDir }, 'hosted repositories are in this replica\'s data directory: other replicas do not see them (set PIPEWRIGHT_REPOS_DIR to a directory all replicas share)');
  }
  const jobs = new JobService({ store, engine, clock, logger, isRerunnable: (type) => rerunnable.get(actionTypeKey(type)) ?? false });

  const notifications = new NotificationDispatcher({
    store,
    partition: config.partition,
    clock,
    logger,
    policy: { ...defaultDeliveryPolicy, firstRetryDelayMs: config.notificationRetryDelayMs, allowPrivateTargets: config.allowPrivateNotificationTargets },
  });
  const retention = new ArtifactRetention({ store, sweep: (keep) => storage.sweep(keep), intervalMs: config.artifactSweepIntervalMs, logger });
  // Notifications go out once: from the one server, or from the replica that leads.
  // Polling and the artifact sweep too: from the one server, or from the replica that leads (change detection is made below).
  const leading: { polls: boolean; detection?: ChangeDetection } = { polls: replicas === undefined };
  if (replicas === undefined) {
    await notifications.start(engine.signals);
    retention.start();
  } else
    await replicas.lead(
      {
        start: async () => {
          leading.polls = true;
          leading.detection?.pollNow();
          retention.start();
          await notifications.start(engine.signals);
        },
        stop: async () => {
          leading.polls = false;
          await retention.stop();
          await notifications.stop();
        },
        meanwhile: () => notifications.sync(),
      },
      config.jobLeaseMs / 2,
    );

  // Recovery is the normal loop run once at start: jobs this server's worker held before it stopped are
  // lost (run again or failed by rule), and every execution in progress is watched again.
  // Replicas: the jobs of other running replicas are theirs; only those whose lease ran out are lost.
  await jobs.recoverLostJobs(replicas === undefined ? await store.listJobsHeldBy('inprocess:') : await store.listExpiredLeases(clock.now()));
  // Every server sweeps: a remote worker (`pipewright worker`) may die with a job even beside one server.
  const lostJobs = new LostJobSweep({
    // This process's own worker is alive by definition (a clock moved by a test must not make it lost).
    listExpiredLeases: async (now) => (await store.listExpiredLeases(now)).filter((job) => job.workerId !== ownWorkerId),
    recoverLostJobs: (lost) => jobs.recoverLostJobs(lost),
    watchDeadlines: () => (replicas === undefined ? Promise.resolve() : engine.watchDeadlines()),
    clock,
    intervalMs: config.jobLeaseMs / 2,
    logger,
  });
  lostJobs.start();
  await engine.recover();

  const logs = new FileLogStore({ dataDir: config.dataDir, clock });
  const sealer = secretSealer(loadSecretsKey(config.secretsKeyFile));
  const identity = new IdentityService(config.auth, { store, partition: config.partition, clock, sealer, sessions: new ConsoleSessions() });
  const jobCredentials = new JobCredentialGrants({ identity, store, partition: config.partition, clock });
  const rootCredentials = config.auth === 'iam' ? await ensureRootCredentials(store, sealer, config.dataDir, clock.now()) : undefined;
  // Webhook URLs and the CodeCommit probe's fallback name this server's URL, known once it listens.
  let publicUrl = '';
  const detection = new ChangeDetection({
    store,
    engine,
    probe: sourceProbe({ dataDir: config.dataDir, reposDir: config.reposDir, apiUrl: () => publicUrl, objects: storage.objects, region: config.partition.region }),
    partition: config.partition,
    clock,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    publicUrl: () => publicUrl,
    polls: () => leading.polls,
  });
  leading.detection = detection;
  let ready = false;
  const app = createHttpApp({
    logger,
    isReady: () => ready,
    dataDir: config.dataDir,
    reposDir: config.reposDir,
    clock,
    onPush: async (repository, refs, receipt) => {
      const [detected, listener] = await Promise.allSettled([detection.hostedPush(repository, refs, receipt), options.onPush?.(repository, refs, receipt)]);
      if (detected.status === 'rejected') logger.error({ err: detected.reason, repository }, 'change detection could not take a push');
      if (listener.status === 'rejected') throw listener.reason;
    },
    logs,
    jobCredentials,
    door: { listenHost: config.host, limits: config.http, ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}) },
    worker: { logs, hello: { artifacts: config.s3 !== undefined ? { kind: 's3', bucket: config.s3.bucket } : { kind: 'filesystem' }, leaseMs: config.jobLeaseMs } },
    services: {
      store,
      engine,
      jobs,
      actionTypes,
      notifications,
      artifacts: storage.artifacts,
      objects: storage.objects,
      clock,
      partition: config.partition,
      limits: config.limits,
      changeDetection: detection,
      identity,
    },
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await lostJobs.stop();
    await replicas?.stop();
    engine.shutdown();
    await storage.close();
    await store.close();
    dataDirLock.release();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  publicUrl = url;
  const worker = new Worker({
    workerId: ownWorkerId,
    peer: inProcessPeer(jobs, engine.signals),
    providers,
    sandbox,
    prepareTools: (job, hooks) =>
      prepareJobTools(
        {
          partition: config.partition,
          clock,
          dataDir: config.dataDir,
          reposDir: config.reposDir,
          apiUrl: url,
          serviceCredentials: () => identity.serviceCredentials(newArtifactCredentials),
          jobCredentials,
          servicesOnAws: config.jobServicesOnAws,
          artifacts: storage.artifacts,
          objects: storage.objects,
          secrets: new StoreSecretResolver(store),
          logs,
        },
        job,
        hooks,
      ),
    concurrency: config.workerConcurrency,
    // 0: this server runs no jobs at all, waiting ones (local functions) included; other replicas do.
    ...(config.workerConcurrency === 0 ? { lightConcurrency: 0, waitingConcurrency: 0 } : {}),
    leaseMs: config.jobLeaseMs,
    logger,
  });
  worker.start();
  await detection.start();
  const notifier = new ApprovalNotifier({ engine, logs, dataDir: config.dataDir, serverUrl: url, partition: config.partition, clock, logger });
  notifier.start();
  ready = true;
  // What the artifact store would otherwise do at the first writable checkout (the overlay probe's two processes), now that the server serves.
  storage.warmUp();
  // Starts every job's processes from here on, so this server never forks itself on a job's path.
  warmProcessSpawner();
  logger.info({ url, dataDir: config.dataDir, store: store.dialect, artifacts: storage.description, instance: instanceId, auth: config.auth }, 'pipewright is ready');
  if (rootCredentials !== undefined) logger.info({ credentialsFile: rootCredentials.file }, 'created the root credentials of this server');

  return {
    url,
    store,
    engine,
    identity,
    ...(rootCredentials !== undefined ? { rootCredentials } : {}),
    objects: storage.objects,
    sweepArtifacts: () => retention.runOnce(),
    close: async () => {
      ready = false;
      // Each step names itself in the log when it holds the shutdown up: a stop that hangs says where.
      const step = (name: string, work: () => Promise<void> | void) => shutdownStep(logger, name, work);
      await step('change detection', () => detection.stop());
      // Drain: take no new work, let running actions finish within the grace period; what is still
      // running then is left to the next start's recovery (run again or failed by rule).
      await step('running jobs', () => worker.drain(config.shutdownGraceMs));
      await step('git object readers', () => closeObjectReaders());
      await step('prepared sandboxes', () => closePreparedSandboxes(sandbox));
      await step('lost-job sweep', () => lostJobs.stop());
      await step('artifact retention', () => retention.stop());
      await step('approval notifier', () => notifier.stop());
      await step('HTTP server', () => app.close());
      await step('notifications', () => notifications.stop());
      await step('replicas', () => replicas?.stop());
      engine.shutdown();
      await step('artifact store', () => storage.close());
      await step('store', () => store.close());
      dataDirLock.release();
      logger.info('pipewright stopped');
    },
  };
}

/** How long a shutdown step may take before the log says the shutdown waits for it. */
const slowShutdownStepMs = 5_000;

async function shutdownStep(logger: Logger, name: string, work: () => Promise<void> | void): Promise<void> {
  const startedAt = Date.now();
  const slow = setInterval(() => logger.warn({ step: name, waitedMs: Date.now() - startedAt }, 'the shutdown waits for a step'), slowShutdownStepMs);
  try {
    await work();
  } finally {
    clearInterval(slow);
  }
}
