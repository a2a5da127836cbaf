import type { Kysely } from 'kysely';
import type { EventOperations, EventRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

export async function listEvents(db: Kysely<Database>, request: { afterSequence: number; pipelineName?: string; limit: number }): Promise<EventRecord[]> {
  let query = db.selectFrom('events').selectAll().where('sequence', '>', request.afterSequence).orderBy('sequence').limit(request.limit);
  if (request.pipelineName !== undefined) query = query.where('pipeline_name', '=', request.pipelineName);
  const rows = await query.execute();
  return rows.map((row) => ({
    sequence: row.sequence,
    pipelineName: row.pipeline_name,
    time: row.time,
    detailType: row.detail_type,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    ...(row.execution_id !== null ? { executionId: row.execution_id } : {}),
  }));
}

export async function latestEventSequence(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('sequence').as('latest')).executeTakeFirst();
  return Number(row?.latest ?? 0);
}

export function eventOperations(db: Kysely<Database>): EventOperations {
  return {
    listEvents: (request) => listEvents(db, request),
    latestEventSequence: () => latestEventSequence(db),
  };
}
