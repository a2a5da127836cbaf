import type { Kysely } from 'kysely';
import type { SourceRevisionOperations, SourceRevisionRecord } from '../../core/contracts/store.js';
import type { Database, SourceRevisionsTable } from '../schema.js';

function toRecord(row: SourceRevisionsTable): SourceRevisionRecord {
  return {
    pipelineName: row.pipeline_name,
    actionName: row.action_name,
    sourceKey: row.source_key,
    revision: row.revision,
    changes: row.changes,
    updated: row.updated,
  };
}

export async function getSourceRevision(db: Kysely<Database>, pipelineName: string, actionName: string): Promise<SourceRevisionRecord | undefined> {
  const row = await db
    .selectFrom('source_revisions')
    .selectAll()
    .where('pipeline_name', '=', pipelineName)
    .where('action_name', '=', actionName)
    .executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** Insert-if-absent, or update-if-unchanged (`changes` is the guard): whoever wrote first wins. */
export async function putSourceRevision(db: Kysely<Database>, record: SourceRevisionRecord, expectedChanges: number | undefined): Promise<boolean> {
  const values = {
    pipeline_name: record.pipelineName,
    action_name: record.actionName,
    source_key: record.sourceKey,
    revision: record.revision,
    changes: record.changes,
    updated: record.updated,
  };
  if (expectedChanges === undefined) {
    const inserted = await db
      .insertInto('source_revisions')
      .values(values)
      .onConflict((conflict) => conflict.columns(['pipeline_name', 'action_name']).doNothing())
      .executeTakeFirst();
    return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  const updated = await db
    .updateTable('source_revisions')
    .set({ source_key: values.source_key, revision: values.revision, changes: values.changes, updated: values.updated })
    .where('pipeline_name', '=', record.pipelineName)
    .where('action_name', '=', record.actionName)
    .where('changes', '=', expectedChanges)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export function sourceRevisionOperations(db: Kysely<Database>): SourceRevisionOperations {
  return {
    getSourceRevision: (pipelineName, actionName) => getSourceRevision(db, pipelineName, actionName),
    putSourceRevision: (record, expectedChanges) => putSourceRevision(db, record, expectedChanges),
  };
}
