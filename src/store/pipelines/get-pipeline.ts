import type { Kysely } from 'kysely';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { Database, PipelinesTable } from '../schema.js';
import type { StatementShapes } from '../statement-shapes.js';
import { toPipelineRecord } from './row-mapping.js';

/** A pipeline with its current declaration: read for every start and every GetPipelineState, hence a shape. */
export async function getPipeline(db: Kysely<Database>, shapes: StatementShapes, name: string): Promise<PipelineRecord | undefined> {
  const compiled = shapes.statement(
    'pipeline by name',
    name,
    (pipelineName) =>
      db
        .selectFrom('pipelines')
        .innerJoin('pipeline_versions', (join) =>
          join.onRef('pipeline_versions.pipeline_name', '=', 'pipelines.name').onRef('pipeline_versions.version', '=', 'pipelines.version'),
        )
        .selectAll('pipelines')
        .select('pipeline_versions.declaration')
        .where('pipelines.name', '=', pipelineName)
        .compile(),
    (pipelineName) => [pipelineName],
  );
  const [row] = (await db.executeQuery<PipelinesTable & { declaration: string }>(compiled)).rows;
  return row === undefined ? undefined : toPipelineRecord(row, row.declaration);
}
