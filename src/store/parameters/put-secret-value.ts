import type { Kysely } from 'kysely';
import type { PutSecretValueInput, PutSecretValueResult } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { inTransaction } from './in-transaction.js';
import { currentStage, lockSecret, moveStage, versionStages } from './secret-stages.js';

/** Versions without a label are kept (deprecated, as Secrets Manager keeps them) up to this many. */
const keptVersions = 100;

export function putSecretValue(db: Kysely<Database>, input: PutSecretValueInput): Promise<PutSecretValueResult> {
  return inTransaction(db, async (tx) => {
    if (!(await lockSecret(tx, input.name))) return { status: 'no-secret' };
    const existing = await tx
      .selectFrom('secret_versions')
      .select(['secret_string', 'created'])
      .where('secret_name', '=', input.name)
      .where('version_id', '=', input.versionId)
      .executeTakeFirst();
    if (existing !== undefined) {
      if (existing.secret_string !== input.secretString) return { status: 'version-conflict' };
      const stages = await versionStages(tx, input.name, input.versionId);
      return { status: 'unchanged', version: { versionId: input.versionId, stages, created: existing.created } };
    }
    await tx
      .insertInto('secret_versions')
      .values({ secret_name: input.name, version_id: input.versionId, secret_string: input.secretString, created: input.now })
      .execute();
    for (const stage of new Set(input.versionStages ?? [currentStage])) await moveStage(tx, input.name, stage, input.versionId);
    await tx.updateTable('secrets').set({ last_changed: input.now }).where('name', '=', input.name).execute();
    await pruneUnlabelledVersions(tx, input.name);
    const stages = await versionStages(tx, input.name, input.versionId);
    return { status: 'stored', version: { versionId: input.versionId, stages, created: input.now } };
  });
}

async function pruneUnlabelledVersions(db: Kysely<Database>, name: string): Promise<void> {
  await db
    .deleteFrom('secret_versions')
    .where('secret_name', '=', name)
    .where('version_id', 'not in', db.selectFrom('secret_version_stages').select('version_id').where('secret_name', '=', name))
    .where(
      'version_id',
      'not in',
      db
        .selectFrom('secret_versions')
        .select('version_id')
        .where('secret_name', '=', name)
        .orderBy('created', 'desc')
        .orderBy('version_id', 'desc')
        .limit(keptVersions),
    )
    .execute();
}
