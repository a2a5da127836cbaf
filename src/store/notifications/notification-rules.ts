import type { Kysely } from 'kysely';
import type { NotificationDelivery, NotificationOperations, NotificationRule } from '../../core/contracts/store.js';
import type { Database, NotificationRulesTable } from '../schema.js';

function toRule(row: NotificationRulesTable): NotificationRule {
  return {
    id: row.id,
    name: row.name,
    eventPattern: JSON.parse(row.event_pattern) as NotificationRule['eventPattern'],
    target: JSON.parse(row.target) as NotificationRule['target'],
    created: row.created,
    cursor: row.cursor,
  };
}

export function notificationOperations(db: Kysely<Database>): NotificationOperations {
  return {
    createNotificationRule: async (rule) => {
      await db
        .insertInto('notification_rules')
        .values({
          id: rule.id,
          name: rule.name,
          event_pattern: JSON.stringify(rule.eventPattern),
          target: JSON.stringify(rule.target),
          created: rule.created,
          cursor: rule.cursor,
        })
        .execute();
    },
    listNotificationRules: async () => (await db.selectFrom('notification_rules').selectAll().orderBy('created').execute()).map(toRule),
    getNotificationRule: async (id) => {
      const row = await db.selectFrom('notification_rules').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRule(row);
    },
    deleteNotificationRule: async (id) => (await db.deleteFrom('notification_rules').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n,
    updateNotificationRule: async (id, change) => {
      const updated = await db
        .updateTable('notification_rules')
        .set({ name: change.name, event_pattern: JSON.stringify(change.eventPattern), target: JSON.stringify(change.target) })
        .where('id', '=', id)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return undefined;
      const row = await db.selectFrom('notification_rules').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRule(row);
    },
    advanceNotificationCursor: async (id, afterSequence) => {
      await db.updateTable('notification_rules').set({ cursor: afterSequence }).where('id', '=', id).where('cursor', '<', afterSequence).execute();
    },
    recordDelivery: async (delivery) => {
      await db
        .insertInto('notification_deliveries')
        .values({
          rule_id: delivery.ruleId,
          event_sequence: delivery.eventSequence,
          attempt: delivery.attempt,
          outcome: delivery.outcome,
          response_status: delivery.responseStatus ?? null,
          error: delivery.error ?? null,
          at: delivery.at,
        })
        .execute();
    },
    listDeliveries: async (ruleId, limit) => {
      const rows = await db.selectFrom('notification_deliveries').selectAll().where('rule_id', '=', ruleId).orderBy('at', 'desc').orderBy('attempt', 'desc').limit(limit).execute();
      return rows.map(
        (row): NotificationDelivery => ({
          ruleId: row.rule_id,
          eventSequence: row.event_sequence,
          attempt: row.attempt,
          outcome: row.outcome === 'Delivered' ? 'Delivered' : 'Failed',
          at: row.at,
          ...(row.response_status !== null ? { responseStatus: row.response_status } : {}),
          ...(row.error !== null ? { error: row.error } : {}),
        }),
      );
    },
  };
}
