import type { CompiledQuery, ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { JobOperations, JobOutputRecord, JobRecord, JobStatus, NewJob } from '../../core/contracts/store.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import type { DialectCapabilities } from '../dialect.js';
import type { Database, JobsTable } from '../schema.js';
import { jobOutputRecord, jobRecord } from './row-mapping.js';
import { readByKey } from '../read-by-key.js';

/** A job by id: read for every result a worker reports (see read-by-key.ts). */
export async function getJob(db: Kysely<Database>, byId: CompiledQuery): Promise<JobRecord | undefined> {
  const [row] = (await db.executeQuery<JobsTable>(byId)).rows;
  return row === undefined ? undefined : jobRecord(row);
}

function ofTypes(actionTypes: readonly JobTypeId[]) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or(
      actionTypes.map((type) =>
        eb.and([eb('category', '=', type.category), eb('owner', '=', type.owner), eb('provider', '=', type.provider), eb('version', '=', type.version)]),
      ),
    );
}

/**
 * Claims queued jobs, oldest first, in one statement: an UPDATE of the candidates a subquery picks, each
 * still required to be Queued, so concurrent claimers (replicas, remote workers) never take the same job
 * twice (on PostgreSQL, a row another claimer took meanwhile fails that recheck and is not returned).
 * One statement, not a read here and an update per job: a claim then costs the serving thread one trip
 * to SQLite's writer thread.
 */
export async function claimJobs(
  db: Kysely<Database>,
  request: { actionTypes: readonly JobTypeId[]; workerId: string; limit: number; leaseUntil: number; now: number },
  capabilities: Pick<DialectCapabilities, 'skipLocked'>,
): Promise<JobRecord[]> {
  if (request.actionTypes.length === 0 || request.limit <= 0) return [];
  const claim = { status: 'InProgress' as const, worker_id: request.workerId, lease_until: request.leaseUntil, updated: request.now };
  const rows = capabilities.skipLocked
    ? // graphile-worker's claim: the candidates are locked once, in a materialized CTE (a subquery under
      // IN may be run again per row, picking more than the limit), and rows another replica is claiming
      // right now are passed over, not waited for.
      await db
        .with(
          (cte) => cte('picked').materialized(),
          (qb) =>
            qb.selectFrom('jobs').select('id').where('status', '=', 'Queued').where(ofTypes(request.actionTypes)).orderBy('created').limit(request.limit).forUpdate().skipLocked(),
        )
        .updateTable('jobs')
        .set(claim)
        .where('status', '=', 'Queued')
        .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
        .returningAll()
        .execute()
    : await db
        .updateTable('jobs')
        .set(claim)
        .where('status', '=', 'Queued')
        .where('id', 'in', (eb) =>
          eb.selectFrom('jobs').select('id').where('status', '=', 'Queued').where(ofTypes(request.actionTypes)).orderBy('created').limit(request.limit),
        )
        .returningAll()
        .execute();
  // RETURNING follows no order.
  return rows.sort((a, b) => a.created - b.created).map(jobRecord);
}

export async function dispatchJobs(
  db: Kysely<Database>,
  request: {
    actionTypeId: JobTypeId;
    limit: number;
    now: number;
    nonce: () => string;
    matches?: (job: JobRecord) => boolean;
    staleDispatchedBefore: number;
    clientId?: () => string;
  },
): Promise<JobRecord[]> {
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'Queued'), eb.and([eb('status', '=', 'Dispatched'), eb('updated', '<', request.staleDispatchedBefore)])]))
    .where(ofTypes([request.actionTypeId]))
    .orderBy('created')
    .execute();
  const dispatched: JobRecord[] = [];
  for (const row of rows) {
    if (dispatched.length >= request.limit) break;
    if (request.matches !== undefined && !request.matches(jobRecord(row))) continue;
    const taken = await db
      .updateTable('jobs')
      .set({ status: 'Dispatched', nonce: request.nonce(), updated: request.now, ...(request.clientId !== undefined ? { client_id: request.clientId() } : {}) })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where('updated', '=', row.updated)
      .returningAll()
      .executeTakeFirst();
    if (taken !== undefined) dispatched.push(jobRecord(taken));
  }
  return dispatched;
}

export async function transitionJob(
  db: Kysely<Database>,
  request: { jobId: string; from: readonly JobStatus[]; to: JobStatus; now: number; workerId?: string; leaseUntil?: number; endReason?: string; nonce?: string },
): Promise<JobRecord | undefined> {
  let update = db
    .updateTable('jobs')
    .set({
      status: request.to,
      updated: request.now,
      ...(request.workerId !== undefined ? { worker_id: request.workerId } : {}),
      ...(request.leaseUntil !== undefined ? { lease_until: request.leaseUntil } : {}),
      ...(request.endReason !== undefined ? { end_reason: request.endReason } : {}),
    })
    .where('id', '=', request.jobId)
    .where('status', 'in', [...request.from]);
  if (request.nonce !== undefined) update = update.where('nonce', '=', request.nonce);
  const row = await update.returningAll().executeTakeFirst();
  return row === undefined ? undefined : jobRecord(row);
}

export async function extendLease(db: Kysely<Database>, request: { jobId: string; workerId: string; leaseUntil: number; now: number }): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: request.leaseUntil, updated: request.now })
    .where('id', '=', request.jobId)
    .where('worker_id', '=', request.workerId)
    .where('status', '=', 'InProgress')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listExpiredLeases(db: Kysely<Database>, now: number): Promise<JobRecord[]> {
  const rows = await db.selectFrom('jobs').selectAll().where('status', '=', 'InProgress').where('lease_until', '<', now).orderBy('created').execute();
  return rows.map(jobRecord);
}

export async function listQueuedJobs(db: Kysely<Database>): Promise<JobRecord[]> {
  const rows = await db.selectFrom('jobs').selectAll().where('status', 'in', ['Created', 'Queued']).orderBy('created').execute();
  return rows.map(jobRecord);
}

export async function listJobsHeldBy(db: Kysely<Database>, workerPrefix: string): Promise<JobRecord[]> {
  const rows = await db.selectFrom('jobs').selectAll().where('status', '=', 'InProgress').where('worker_id', 'like', `${workerPrefix}%`).execute();
  return rows.map(jobRecord);
}

export async function enqueueJob(db: Kysely<Database>, job: NewJob): Promise<void> {
  await enqueueJobQuery(db, job).execute();
}

export function enqueueJobQuery(db: Kysely<Database>, job: NewJob) {
  return db.insertInto('jobs').values(queuedJobRow(job));
}

/** The row of a new job: queued, or held already by the worker that took it as it was made (NewJob.heldBy). */
export function queuedJobRow(job: NewJob): JobsTable {
  return {
    pipeline_name: job.pipelineName,
    id: job.id,
    execution_id: job.executionId,
    stage_name: job.stageName,
    action_name: job.actionName,
    action_execution_id: job.actionExecutionId,
    category: job.actionTypeId.category,
    owner: job.actionTypeId.owner,
    provider: job.actionTypeId.provider,
    version: job.actionTypeId.version,
    status: job.heldBy === undefined ? 'Queued' : 'InProgress',
    nonce: null,
    client_id: null,
    worker_id: job.heldBy?.workerId ?? null,
    lease_until: job.heldBy?.leaseUntil ?? null,
    end_reason: null,
    job: JSON.stringify(job.job),
    created: job.created,
    updated: job.created,
  };
}

export async function listOpenJobs(db: Kysely<Database>): Promise<JobRecord[]> {
  const rows = await db.selectFrom('jobs').selectAll().where('status', 'in', ['Dispatched', 'InProgress']).orderBy('created').execute();
  return rows.map(jobRecord);
}

export async function putJobOutput(db: Kysely<Database>, output: JobOutputRecord): Promise<void> {
  const row = { job_id: output.jobId, artifact_name: output.artifactName, ref: JSON.stringify(output.ref), uploaded: output.uploaded };
  await db
    .insertInto('job_outputs')
    .values(row)
    .onConflict((conflict) => conflict.columns(['job_id', 'artifact_name']).doUpdateSet({ ref: row.ref, uploaded: row.uploaded }))
    .execute();
}

export async function listJobOutputs(db: Kysely<Database>, jobId: string): Promise<JobOutputRecord[]> {
  const rows = await db.selectFrom('job_outputs').selectAll().where('job_id', '=', jobId).orderBy('artifact_name').execute();
  return rows.map(jobOutputRecord);
}

export function jobOperations(db: Kysely<Database> | Transaction<Database>, capabilities: Pick<DialectCapabilities, 'skipLocked'>): JobOperations {
  const jobById = readByKey((id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id).compile());
  return {
    getJob: (id) => getJob(db, jobById(id)),
    claimJobs: (request) => claimJobs(db, request, capabilities),
    dispatchJobs: (request) => dispatchJobs(db, request),
    transitionJob: (request) => transitionJob(db, request),
    extendLease: (request) => extendLease(db, request),
    listExpiredLeases: (now) => listExpiredLeases(db, now),
    listQueuedJobs: () => listQueuedJobs(db),
    listJobsHeldBy: (prefix) => listJobsHeldBy(db, prefix),
    enqueueJob: (job) => enqueueJob(db, job),
    listOpenJobs: () => listOpenJobs(db),
    putJobOutput: (output) => putJobOutput(db, output),
    listJobOutputs: (jobId) => listJobOutputs(db, jobId),
  };
}
