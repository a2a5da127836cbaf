import type { Kysely } from 'kysely';
import type { PipelineDeclaration } from '../../core/declaration/types.js';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { summaryColumns } from './row-mapping.js';

export async function createPipeline(
  db: Kysely<Database>,
  input: { declaration: PipelineDeclaration; now: number },
): Promise<PipelineRecord | undefined> {
  const declaration: PipelineDeclaration = { ...input.declaration, version: 1 };
  const inserted = await db
    .insertInto('pipelines')
    .values({
      name: declaration.name,
      version: 1,
      ...summaryColumns(declaration),
      created: input.now,
      updated: input.now,
      polling_disabled_at: null,
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  if (inserted === undefined) return undefined;
  await db
    .insertInto('pipeline_versions')
    .values({ pipeline_name: declaration.name, version: 1, declaration: JSON.stringify(declaration), created: input.now })
    .execute();
  return { name: declaration.name, version: 1, declaration, created: input.now, updated: input.now };
}
