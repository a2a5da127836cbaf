import type { Kysely } from 'kysely';
import type { ThirdPartyActionTypeRecord } from '../../core/action-types/third-party.js';
import type { ThirdPartyActionTypeOperations } from '../../core/contracts/store.js';
import type { Database, ThirdPartyActionTypesTable } from '../schema.js';

type Definition = Omit<ThirdPartyActionTypeRecord, 'category' | 'provider' | 'version' | 'created' | 'updated'>;

function toRecord(row: ThirdPartyActionTypesTable): ThirdPartyActionTypeRecord {
  return {
    ...(JSON.parse(row.definition) as Definition),
    category: row.category as ThirdPartyActionTypeRecord['category'],
    provider: row.provider,
    version: row.version,
    created: row.created,
    updated: row.updated,
  };
}

export async function putThirdPartyActionType(db: Kysely<Database>, record: ThirdPartyActionTypeRecord): Promise<ThirdPartyActionTypeRecord> {
  const { category, provider, version, created, updated, ...definition } = record;
  const row = await db
    .insertInto('third_party_action_types')
    .values({ category, provider, version, definition: JSON.stringify(definition), created, updated })
    .onConflict((conflict) => conflict.columns(['category', 'provider', 'version']).doUpdateSet({ definition: JSON.stringify(definition), updated }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function listThirdPartyActionTypes(db: Kysely<Database>): Promise<ThirdPartyActionTypeRecord[]> {
  const rows = await db.selectFrom('third_party_action_types').selectAll().orderBy('category').orderBy('provider').orderBy('version').execute();
  return rows.map(toRecord);
}

export function thirdPartyActionTypeOperations(db: Kysely<Database>): ThirdPartyActionTypeOperations {
  return {
    putThirdPartyActionType: (record) => putThirdPartyActionType(db, record),
    listThirdPartyActionTypes: () => listThirdPartyActionTypes(db),
  };
}
