import { join } from 'node:path';
import type { Partition } from '../core/arn.js';
import type { Clock } from '../core/clock.js';
import type { ActionJob, ProviderTools } from '../core/contracts/action-provider.js';
import type { LogStore } from '../core/contracts/action-log.js';
import type { ArtifactStore } from '../core/contracts/artifact-store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import type { SecretResolver } from '../core/contracts/secret-resolver.js';
import type { JobHooks } from './in-process-worker.js';
import type { JobCredentialGrant, JobCredentialIssuer, JobRole } from '../core/contracts/job-credentials.js';
import { jobAwsEnvironment, type JobServiceOnAws } from './job-aws-environment.js';
import { workspacesOf } from './workspaces.js';

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
  /** Issues the role credentials of ProviderTools.awsEnvironment; absent, jobs get none. */
  jobCredentials?: JobCredentialIssuer;
  /** Services jobs call on AWS itself: their endpoint variables are left unset. */
  servicesOnAws?: ReadonlySet<JobServiceOnAws>;
  artifacts: ArtifactStore;
  objects: ObjectStore;
  secrets: SecretResolver;
  logs: LogStore;
}

/**
 * The tools of one job: a workspace of its own under `<data-dir>/work/<job>` (made when the provider
 * first asks for it: many jobs never touch the disk; see workspaces.ts), its action log, and the credentials of its role
 * (issued when the provider asks, masked in the log, revoked when the job is released).
 */
export function prepareJobTools(
  environment: WorkerEnvironment,
  job: ActionJob,
  hooks: JobHooks,
): Promise<{ tools: ProviderTools; workEnded: () => Promise<void>; release: () => Promise<void> }> {
  const workRoot = join(environment.dataDir, 'work');
  const workspaces = workspacesOf(workRoot);
  const workspacePath = join(workRoot, job.jobId);
  let workspaceMade = false;
  const log = environment.logs.open(job.action.actionExecutionId);
  const grants = new Map<string, Promise<JobCredentialGrant>>();
  /** Work the provider left for the release (ProviderTools.afterOutcome). */
  const cleanups: (() => Promise<void>)[] = [];
  const issuer = environment.jobCredentials;
  const awsEnvironment = async (role: JobRole): Promise<Record<string, string>> => {
    if (issuer === undefined) return {};
    const key = `${role.assumer} ${role.arn}`;
    let granted = grants.get(key);
    if (granted === undefined) {
      granted = issuer.issue({ jobId: job.jobId, role, expires: job.deadline });
      grants.set(key, granted);
      const grant = await granted;
      for (const secret of grant.secrets) log.mask(secret);
      for (const note of grant.notes) log.line('system', note);
    }
    return jobAwsEnvironment(await granted, environment.apiUrl, job.action.region, environment.servicesOnAws ?? new Set());
  };
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
        workspaces.make(workspacePath);
        workspaceMade = true;
      }
      return workspacePath;
    },
    apiUrl: environment.apiUrl,
    ...(environment.serviceCredentials !== undefined ? { serviceCredentials: environment.serviceCredentials } : {}),
    awsEnvironment,
    progress: hooks.progress,
    jobEnded: hooks.jobEnded,
    afterOutcome: (cleanup) => void cleanups.push(cleanup),
  };
  // The job's credentials end with its work, before its outcome is reported: a copy taken out of the
  // build is refused from the moment the action's result can be seen. A revocation ends the role's session
  // here at once, as it is called; every replica refuses a grant whose job is no longer open (the store's
  // read joins the job), so the grant's removal, a write, need not hold up the result: it is waited for
  // at the release (one trip to the store's writer less between the work's end and its result).
  let revoked: Promise<void> | undefined;
  const workEnded = (): Promise<void> => {
    revoked ??= Promise.all([...grants.values()].map((granted) => granted.then((grant) => grant.revoke(), () => undefined))).then(() => undefined);
    return Promise.resolve();
  };
  return Promise.resolve({
    tools,
    workEnded,
    release: async () => {
      await workEnded();
      await revoked;
      await log.close();
      // Each cleanup runs even when one before it failed (an overlay left mounted would block the removal).
      const failures = (await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()))).filter((outcome) => outcome.status === 'rejected');
      if (workspaceMade) await workspaces.remove(workspacePath);
      if (failures[0] !== undefined) throw failures[0].reason;
    },
  });
}
