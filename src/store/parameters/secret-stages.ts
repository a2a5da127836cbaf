import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export const currentStage = 'AWSCURRENT';
export const previousStage = 'AWSPREVIOUS';

/**
 * Locks the secret's row for the rest of the transaction (a no-op UPDATE: a row lock on PostgreSQL, the
 * write lock on SQLite), so two writers moving labels of one secret take turns. False when there is none.
 */
export async function lockSecret(db: Kysely<Database>, name: string): Promise<boolean> {
  const updated = await db
    .updateTable('secrets')
    .set((eb) => ({ last_changed: eb.ref('last_changed') }))
    .where('name', '=', name)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export async function stageVersion(db: Kysely<Database>, name: string, stage: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('secret_version_stages')
    .select('version_id')
    .where('secret_name', '=', name)
    .where('stage', '=', stage)
    .executeTakeFirst();
  return row?.version_id;
}

export async function versionStages(db: Kysely<Database>, name: string, versionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('secret_version_stages')
    .select('stage')
    .where('secret_name', '=', name)
    .where('version_id', '=', versionId)
    .orderBy('stage')
    .execute();
  return rows.map((row) => row.stage);
}

/**
 * Puts label `stage` on `versionId`, taking it from whichever version had it. Moving AWSCURRENT moves
 * AWSPREVIOUS to the version that was current, as Secrets Manager does.
 */
export async function moveStage(db: Kysely<Database>, name: string, stage: string, versionId: string): Promise<void> {
  if (stage === currentStage) {
    const wasCurrent = await stageVersion(db, name, currentStage);
    if (wasCurrent !== undefined && wasCurrent !== versionId) await putStage(db, name, previousStage, wasCurrent);
  }
  await putStage(db, name, stage, versionId);
}

async function putStage(db: Kysely<Database>, name: string, stage: string, versionId: string): Promise<void> {
  await db
    .insertInto('secret_version_stages')
    .values({ secret_name: name, stage, version_id: versionId })
    .onConflict((conflict) => conflict.columns(['secret_name', 'stage']).doUpdateSet((eb) => ({ version_id: eb.ref('excluded.version_id') })))
    .execute();
}
