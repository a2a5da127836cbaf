/**
 * Which servers may share one PostgreSQL schema, held as a session advisory lock for as long as the
 * server runs (a killed server's session ends, and its lock with it). Replicas whose artifacts live on an
 * S3-compatible store share the lock; a server keeping artifacts in its own data directory holds it
 * alone, because another replica could not read what it wrote.
 *
 * | this server's artifacts | another server on the schema holds | outcome |
 * |---|---|---|
 * | S3-compatible store | nothing, or the shared lock | starts (a replica) |
 * | S3-compatible store | the exclusive lock | refused |
 * | data directory | nothing | starts (the only server) |
 * | data directory | either lock | refused |
 */
export type ReplicaRole = 'replica' | 'only-server';

/** A number of our own for the lock's first key; the second is the schema's, so schemas do not meet. */
const replicaLockClass = 0x70777270;

export async function takeReplicaLock(session: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }, role: ReplicaRole): Promise<boolean> {
  const take = role === 'replica' ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
  const result = await session.query(`SELECT ${take}($1, hashtext(current_schema())) AS taken`, [replicaLockClass]);
  return (result.rows[0] as { taken: boolean }).taken;
}

/** The lock one replica holds to do what must be done once (deliver notifications): the leader. */
const leaderLockClass = 0x7077746c;

export async function tryToLead(session: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }): Promise<boolean> {
  const result = await session.query('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS taken', [leaderLockClass]);
  return (result.rows[0] as { taken: boolean }).taken;
}
