import type { Kysely } from 'kysely';
import type { PipelineDeclaration } from '../../core/declaration/types.js';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { summaryColumns } from './row-mapping.js';

export async function updatePipeline(
  db: Kysely<Database>,
  input: { declaration: PipelineDeclaration; expectedVersion: number; now: number },
): Promise<PipelineRecord | undefined> {
  const version = input.expectedVersion + 1;
  const declaration: PipelineDeclaration = { ...input.declaration, version };
  // The guarded write: only the update that still sees the version it started from wins.
  const updated = await db
    .updateTable('pipelines')
    .set({ version, ...summaryColumns(declaration), updated: input.now })
    .where('name', '=', declaration.name)
    .where('version', '=', input.expectedVersion)
    .returning(['created', 'polling_disabled_at'])
    .executeTakeFirst();
  if (updated === undefined) return undefined;
  await db
    .insertInto('pipeline_versions')
    .values({ pipeline_name: declaration.name, version, declaration: JSON.stringify(declaration), created: input.now })
    .execute();
  return {
    name: declaration.name,
    version,
    declaration,
    created: updated.created,
    updated: input.now,
    ...(updated.polling_disabled_at !== null ? { pollingDisabledAt: updated.polling_disabled_at } : {}),
  };
}
