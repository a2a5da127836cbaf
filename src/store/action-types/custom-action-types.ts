import type { Kysely } from 'kysely';
import type { CustomActionTypeKey, CustomActionTypeRecord } from '../../core/action-types/custom.js';
import type { CustomActionTypeOperations } from '../../core/contracts/store.js';
import type { Database, CustomActionTypesTable } from '../schema.js';

type Definition = Omit<CustomActionTypeRecord, keyof CustomActionTypeKey | 'created' | 'deletedAt'>;

function toRecord(row: CustomActionTypesTable): CustomActionTypeRecord {
  const definition = JSON.parse(row.definition) as Definition;
  return {
    ...definition,
    category: row.category as CustomActionTypeRecord['category'],
    provider: row.provider,
    version: row.version,
    created: row.created,
    ...(row.deleted_at !== null ? { deletedAt: row.deleted_at } : {}),
  };
}

function definitionOf(record: CustomActionTypeRecord): string {
  const { category: _category, provider: _provider, version: _version, created: _created, deletedAt: _deletedAt, ...definition } = record;
  return JSON.stringify(definition);
}

export async function createCustomActionType(
  db: Kysely<Database>,
  record: CustomActionTypeRecord,
): Promise<CustomActionTypeRecord | undefined> {
  const inserted = await db
    .insertInto('custom_action_types')
    .values({
      category: record.category,
      provider: record.provider,
      version: record.version,
      definition: definitionOf(record),
      created: record.created,
      deleted_at: null,
    })
    .onConflict((conflict) => conflict.columns(['category', 'provider', 'version']).doNothing())
    .returning('created')
    .executeTakeFirst();
  return inserted === undefined ? undefined : record;
}

export async function replaceCustomActionType(db: Kysely<Database>, record: CustomActionTypeRecord): Promise<void> {
  await db
    .updateTable('custom_action_types')
    .set({ definition: definitionOf(record), deleted_at: record.deletedAt ?? null })
    .where('category', '=', record.category)
    .where('provider', '=', record.provider)
    .where('version', '=', record.version)
    .execute();
}

export async function getCustomActionType(
  db: Kysely<Database>,
  key: CustomActionTypeKey,
): Promise<CustomActionTypeRecord | undefined> {
  const row = await db
    .selectFrom('custom_action_types')
    .selectAll()
    .where('category', '=', key.category)
    .where('provider', '=', key.provider)
    .where('version', '=', key.version)
    .executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function listCustomActionTypes(db: Kysely<Database>): Promise<CustomActionTypeRecord[]> {
  const rows = await db.selectFrom('custom_action_types').selectAll().orderBy('category').orderBy('provider').orderBy('version').execute();
  return rows.map(toRecord);
}

export async function markCustomActionTypeDeleted(db: Kysely<Database>, key: CustomActionTypeKey, now: number): Promise<boolean> {
  const updated = await db
    .updateTable('custom_action_types')
    .set({ deleted_at: now })
    .where('category', '=', key.category)
    .where('provider', '=', key.provider)
    .where('version', '=', key.version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export function customActionTypeOperations(db: Kysely<Database>): CustomActionTypeOperations {
  return {
    createCustomActionType: (record) => createCustomActionType(db, record),
    getCustomActionType: (key) => getCustomActionType(db, key),
    listCustomActionTypes: () => listCustomActionTypes(db),
    markCustomActionTypeDeleted: (key, now) => markCustomActionTypeDeleted(db, key, now),
    replaceCustomActionType: (record) => replaceCustomActionType(db, record),
  };
}
