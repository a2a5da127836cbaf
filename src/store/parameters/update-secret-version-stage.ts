import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { inTransaction } from './in-transaction.js';
import { currentStage, lockSecret, moveStage, stageVersion } from './secret-stages.js';

/**
 * Secrets Manager's UpdateSecretVersionStage. AWSCURRENT can be moved but never simply removed: a secret
 * always has a current version, so removing it without a move is refused (false).
 */
export function updateSecretVersionStage(
  db: Kysely<Database>,
  input: { name: string; stage: string; moveToVersionId?: string; removeFromVersionId?: string; now: number },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (input.moveToVersionId === undefined && input.removeFromVersionId === undefined) return false;
    if (input.stage === currentStage && input.moveToVersionId === undefined) return false;
    if (!(await lockSecret(tx, input.name))) return false;
    const holder = await stageVersion(tx, input.name, input.stage);
    if (input.removeFromVersionId !== undefined && holder !== input.removeFromVersionId) return false;
    if (input.moveToVersionId !== undefined) {
      const target = await tx
        .selectFrom('secret_versions')
        .select('version_id')
        .where('secret_name', '=', input.name)
        .where('version_id', '=', input.moveToVersionId)
        .executeTakeFirst();
      if (target === undefined) return false;
      await moveStage(tx, input.name, input.stage, input.moveToVersionId);
    } else {
      await tx.deleteFrom('secret_version_stages').where('secret_name', '=', input.name).where('stage', '=', input.stage).execute();
    }
    await tx.updateTable('secrets').set({ last_changed: input.now }).where('name', '=', input.name).execute();
    return true;
  });
}
