import type { Kysely } from 'kysely';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toPipelineRecord } from './row-mapping.js';

export async function getPipeline(db: Kysely<Database>, name: string): Promise<PipelineRecord | undefined> {
  const row = await db
    .selectFrom('pipelines')
    .innerJoin('pipeline_versions', (join) =>
      join.onRef('pipeline_versions.pipeline_name', '=', 'pipelines.name').onRef('pipeline_versions.version', '=', 'pipelines.version'),
    )
    .selectAll('pipelines')
    .select('pipeline_versions.declaration')
    .where('pipelines.name', '=', name)
    .executeTakeFirst();
  return row === undefined ? undefined : toPipelineRecord(row, row.declaration);
}
