import type { Kysely } from 'kysely';
import type { CreateSecretInput, SecretRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { inTransaction } from './in-transaction.js';
import { currentStage } from './secret-stages.js';

export function createSecret(db: Kysely<Database>, input: CreateSecretInput): Promise<SecretRecord | undefined> {
  return inTransaction(db, async (tx) => {
    const inserted = await tx
      .insertInto('secrets')
      .values({ name: input.name, description: input.description ?? null, created: input.now, last_changed: input.now })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returning('name')
      .executeTakeFirst();
    if (inserted === undefined) return undefined;
    const summary = {
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      created: input.now,
      lastChanged: input.now,
    };
    if (input.secretString === undefined) return { ...summary, versions: [] };
    await tx
      .insertInto('secret_versions')
      .values({ secret_name: input.name, version_id: input.versionId, secret_string: input.secretString, created: input.now })
      .execute();
    await tx.insertInto('secret_version_stages').values({ secret_name: input.name, stage: currentStage, version_id: input.versionId }).execute();
    return {
      ...summary,
      versions: [{ versionId: input.versionId, stages: [currentStage], created: input.now }],
    };
  });
}
