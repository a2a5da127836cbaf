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
  await db
    .deleteFrom('job_credential_grants')
    .where((where) => where.or([where('id', '=', id), where('expires', '<=', now)]))
    .execute();
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
