import type { Kysely } from 'kysely';
import type { RuntimeDocument, RuntimeSnapshot } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { executionRecord } from './row-mapping.js';

const emptyRuntime: RuntimeDocument = { transitions: {}, stageLatest: {}, stageLastSucceeded: {}, sequence: 0 };

export async function loadRuntime(db: Kysely<Database>, pipelineName: string): Promise<RuntimeSnapshot> {
  const runtimeRow = await db.selectFrom('pipeline_runtime').selectAll().where('pipeline_name', '=', pipelineName).executeTakeFirst();
  const runtime = runtimeRow === undefined ? emptyRuntime : { ...emptyRuntime, ...(JSON.parse(runtimeRow.document) as Partial<RuntimeDocument>) };
  const latest = [...new Set([...Object.values(runtime.stageLatest), ...Object.values(runtime.stageLastSucceeded)])];
  let query = db
    .selectFrom('executions')
    .select(['pipeline_name', 'client_request_token', 'document'])
    .where('pipeline_name', '=', pipelineName);
  query = query.where((eb) => (latest.length > 0 ? eb.or([eb('active', '=', 1), eb('id', 'in', latest)]) : eb('active', '=', 1)));
  const rows = await query.orderBy('start_sequence').execute();
  return { revision: runtimeRow?.revision ?? 0, runtime, executions: rows.map((row) => executionRecord(row).execution) };
}
