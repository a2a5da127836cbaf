import type { Kysely } from 'kysely';
import type { WebhookOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { deleteWebhook } from './delete-webhook.js';
import { findWebhookByUrlId, getWebhook } from './get-webhook.js';
import { countWebhooks, listWebhooks } from './list-webhooks.js';
import { putWebhook } from './put-webhook.js';
import { recordWebhookDelivery, setWebhookRegistration } from './webhook-state.js';

export function webhookOperations(db: Kysely<Database>): WebhookOperations {
  return {
    putWebhook: (input) => putWebhook(db, input),
    getWebhook: (name) => getWebhook(db, name),
    findWebhookByUrlId: (urlId) => findWebhookByUrlId(db, urlId),
    listWebhooks: (page) => listWebhooks(db, page),
    countWebhooks: () => countWebhooks(db),
    deleteWebhook: (name) => deleteWebhook(db, name),
    setWebhookRegistration: (name, registered) => setWebhookRegistration(db, name, registered),
    recordWebhookDelivery: (name, outcome) => recordWebhookDelivery(db, name, outcome),
  };
}
