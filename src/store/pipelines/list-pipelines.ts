import type { Kysely } from 'kysely';
import type { PipelineSummaryRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

export async function listPipelines(
  db: Kysely<Database>,
  page: { afterName?: string; limit: number },
): Promise<PipelineSummaryRecord[]> {
  let query = db.selectFrom('pipelines').selectAll().orderBy('name').limit(page.limit);
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  const rows = await query.execute();
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    pipelineType: row.pipeline_type === 'V2' ? 'V2' : 'V1',
    executionMode: row.execution_mode === 'QUEUED' || row.execution_mode === 'PARALLEL' ? row.execution_mode : 'SUPERSEDED',
    created: row.created,
    updated: row.updated,
  }));
}

export async function countPipelines(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('pipelines').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
