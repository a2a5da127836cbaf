import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function setWebhookRegistration(db: Kysely<Database>, name: string, registered: boolean): Promise<boolean> {
  const updated = await db
    .updateTable('webhooks')
    .set({ registered: registered ? 1 : 0 })
    .where('name', '=', name)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** A success sets lastTriggered and clears the error; a failure records the error and leaves lastTriggered. */
export async function recordWebhookDelivery(db: Kysely<Database>, name: string, outcome: { at: number; error?: { code: string; message: string } }): Promise<void> {
  const changes =
    outcome.error === undefined
      ? { last_triggered: outcome.at, error_code: null, error_message: null }
      : { error_code: outcome.error.code, error_message: outcome.error.message };
  await db.updateTable('webhooks').set(changes).where('name', '=', name).execute();
}
