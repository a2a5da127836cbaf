import type { Kysely } from 'kysely';
import type { PipelineVersionRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { parseDeclaration } from './row-mapping.js';

export async function getPipelineVersion(
  db: Kysely<Database>,
  name: string,
  version: number,
): Promise<PipelineVersionRecord | undefined> {
  const row = await db
    .selectFrom('pipeline_versions')
    .innerJoin('pipelines', 'pipelines.name', 'pipeline_versions.pipeline_name')
    .select(['pipeline_versions.pipeline_name', 'pipeline_versions.version', 'pipeline_versions.declaration', 'pipeline_versions.created'])
    .select('pipelines.created as pipeline_created')
    .where('pipeline_versions.pipeline_name', '=', name)
    .where('pipeline_versions.version', '=', version)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    name: row.pipeline_name,
    version: row.version,
    declaration: parseDeclaration(row.declaration),
    created: row.created,
    pipelineCreated: row.pipeline_created,
  };
}
