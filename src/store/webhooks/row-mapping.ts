import type { WebhookDefinition, WebhookRecord } from '../../core/contracts/store.js';
import type { WebhooksTable } from '../schema.js';

export function toWebhookRecord(row: WebhooksTable): WebhookRecord {
  return {
    definition: JSON.parse(row.definition) as WebhookDefinition,
    urlId: row.url_id,
    created: row.created,
    updated: row.updated,
    registeredWithThirdParty: row.registered !== 0,
    ...(row.last_triggered !== null ? { lastTriggered: row.last_triggered } : {}),
    ...(row.error_code !== null ? { error: { code: row.error_code, message: row.error_message ?? '' } } : {}),
  };
}
