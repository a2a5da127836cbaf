import type { Kysely } from 'kysely';
import type { JobCredentialGrantRecord } from '../../core/contracts/store.js';
import type { JobStatus } from '../../core/contracts/store/jobs.js';
import type { Database, JobCredentialGrantsTable } from '../schema.js';

/** A job in one of these has not ended: its work may still be running. */
const openJobStatuses: JobStatus[] = ['Created', 'Queued', 'Dispatched', 'InProgress'];

export async function putJobCredentialGrant(db: Kysely<Database>, grant: JobCredentialGrantRecord): Promise<void> {
  await db
    .insertInto('job_credential_grants')
    .values({
      id: grant.id,
      token_sha256: grant.tokenSha256,
      job_id: grant.jobId,
      role_arn: grant.roleArn,
      role_name: grant.roleName,
      role_id: grant.roleId,
      session_name: grant.sessionName,
      access_key_id: grant.accessKeyId,
      sealed_session: grant.sealedSession,
      expires: grant.expires,
    })
    .execute();
}

export async function getJobCredentialGrant(db: Kysely<Database>, by: { id: string } | { accessKeyId: string }, now: number): Promise<JobCredentialGrantRecord | undefined> {
  let query = db
    .selectFrom('job_credential_grants as grant')
    .innerJoin('jobs', 'jobs.id', 'grant.job_id')
    .selectAll('grant')
    .where('grant.expires', '>', now)
    .where('jobs.status', 'in', openJobStatuses);
  query = 'id' in by ? query.where('grant.id', '=', by.id) : query.where('grant.access_key_id', '=', by.accessKeyId);
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : grantOf(row);
}

export async function deleteJobCredentialGrant(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await deleteJobCredentialGrants(db, [id], now);
}

/** Deletes these grants, and every grant expired at `now`. */
async function deleteJobCredentialGrants(db: Kysely<Database>, ids: readonly string[], now: number): Promise<void> {
  await db
    .deleteFrom('job_credential_grants')
    .where((where) => where.or([where('id', 'in', [...ids]), where('expires', '<=', now)]))
    .execute();
}

/**
 * A grant is deleted as its job is released; with many jobs in flight several are released in one turn
 * of the event loop, and each delete was a trip to the store's writer (on SQLite, a message to its
 * thread and a commit of its own). The deletes asked for in one turn go as one statement after it.
 * Nothing waits on them to refuse a grant: every read joins the grant's job, and a job being released
 * has ended. Only for the store itself: operations bound to a transaction delete at once, inside it.
 */
export class JobCredentialGrantRemovals {
  private ids: string[] = [];
  private now = Number.POSITIVE_INFINITY;
  private removing: Promise<void> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  remove(id: string, now: number): Promise<void> {
    this.ids.push(id);
    // The earliest time asked with: an expiry sweep never reaches past what any caller asked for.
    this.now = Math.min(this.now, now);
    this.removing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const [ids, asOf] = [this.ids, this.now];
      this.ids = [];
      this.now = Number.POSITIVE_INFINITY;
      this.removing = undefined;
      return deleteJobCredentialGrants(this.db, ids, asOf);
    });
    return this.removing;
  }
}

function grantOf(row: JobCredentialGrantsTable): JobCredentialGrantRecord {
  return {
    id: row.id,
    tokenSha256: row.token_sha256,
    jobId: row.job_id,
    roleArn: row.role_arn,
    roleName: row.role_name,
    roleId: row.role_id,
    sessionName: row.session_name,
    accessKeyId: row.access_key_id,
    sealedSession: row.sealed_session,
    expires: Number(row.expires),
  };
}
