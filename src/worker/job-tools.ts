import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Partition } from '../core/arn.js';
import type { Clock } from '../core/clock.js';
import type { ActionJob, ProviderTools } from '../core/contracts/action-provider.js';
import type { LogStore } from '../core/contracts/action-log.js';
import type { ArtifactStore } from '../core/contracts/artifact-store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import type { SecretResolver } from '../core/contracts/secret-resolver.js';
import type { JobHooks } from './in-process-worker.js';

export interface WorkerEnvironment {
  partition: Partition;
  clock: Clock;
  dataDir: string;
  /** See ProviderTools.reposDir. */
  reposDir?: string;
  /** See ProviderTools.serverGit. */
  serverGit?: { username: string; password: string };
  apiUrl: string;
  /** See ProviderTools.serviceCredentials. */
  serviceCredentials?: () => { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  artifacts: ArtifactStore;
  objects: ObjectStore;
  secrets: SecretResolver;
  logs: LogStore;
}

/**
 * The tools of one job: a workspace of its own under `<data-dir>/work/<job>` (made when the provider
 * first asks for it: many jobs never touch the disk), and its action log.
 */
export function prepareJobTools(
  environment: WorkerEnvironment,
  job: ActionJob,
  hooks: JobHooks,
): Promise<{ tools: ProviderTools; release: () => Promise<void> }> {
  const workspacePath = join(environment.dataDir, 'work', job.jobId);
  let workspaceMade = false;
  const log = environment.logs.open(job.action.actionExecutionId);
  const tools: ProviderTools = {
    partition: environment.partition,
    clock: environment.clock,
    dataDir: environment.dataDir,
    ...(environment.reposDir !== undefined ? { reposDir: environment.reposDir } : {}),
    ...(environment.serverGit !== undefined ? { serverGit: environment.serverGit } : {}),
    artifacts: environment.artifacts,
    objects: environment.objects,
    secrets: environment.secrets,
    log,
    get workspace(): string {
      if (!workspaceMade) {
        mkdirSync(workspacePath, { recursive: true });
        workspaceMade = true;
      }
      return workspacePath;
    },
    apiUrl: environment.apiUrl,
    ...(environment.serviceCredentials !== undefined ? { serviceCredentials: environment.serviceCredentials } : {}),
    progress: hooks.progress,
    jobEnded: hooks.jobEnded,
  };
  return Promise.resolve({
    tools,
    release: async () => {
      await log.close();
      if (workspaceMade) await rm(workspacePath, { recursive: true, force: true });
    },
  });
}
