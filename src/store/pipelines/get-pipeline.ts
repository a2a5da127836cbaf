import type { CompiledQuery, Kysely } from 'kysely';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { Database, PipelinesTable } from '../schema.js';
import { readByKey } from '../read-by-key.js';
import type { ParsedDeclarations } from './parsed-declarations.js';
import { toPipelineRecord } from './row-mapping.js';

/** The query of a pipeline with its current declaration by name (see read-by-key.ts). */
export function pipelineByName(db: Kysely<Database>): (name: string) => CompiledQuery {
  return readByKey((pipelineName: string) =>
    db
      .selectFrom('pipelines')
      .innerJoin('pipeline_versions', (join) =>
        join.onRef('pipeline_versions.pipeline_name', '=', 'pipelines.name').onRef('pipeline_versions.version', '=', 'pipelines.version'),
      )
      .selectAll('pipelines')
      .select('pipeline_versions.declaration')
      .where('pipelines.name', '=', pipelineName)
      .compile(),
  );
}

/** A pipeline with its current declaration: read for every start and every GetPipelineState. */
export async function getPipeline(db: Kysely<Database>, byName: CompiledQuery, parsed: ParsedDeclarations): Promise<PipelineRecord | undefined> {
  const [row] = (await db.executeQuery<PipelinesTable & { declaration: string }>(byName)).rows;
  return row === undefined ? undefined : toPipelineRecord(row, parsed.of(row.name, row.declaration));
}
