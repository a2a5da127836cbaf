import type { EventPattern } from '../../events/event-pattern.js';

/**
 * Notification rules: an EventBridge-style pattern and an HTTP target; each rule reads the event log
 * from its own cursor, so a target that is down holds back only its own rule.
 */
export interface NotificationOperations {
  createNotificationRule(rule: NotificationRule): Promise<void>;
  listNotificationRules(): Promise<NotificationRule[]>;
  getNotificationRule(id: string): Promise<NotificationRule | undefined>;
  deleteNotificationRule(id: string): Promise<boolean>;
  /** Changes a rule's name, pattern and target, keeping its id, creation time and cursor; undefined when there is no such rule. */
  updateNotificationRule(id: string, change: Pick<NotificationRule, 'name' | 'eventPattern' | 'target'>): Promise<NotificationRule | undefined>;
  /** Moves the rule's cursor forward (only forward). */
  advanceNotificationCursor(id: string, afterSequence: number): Promise<void>;
  recordDelivery(delivery: NotificationDelivery): Promise<void>;
  listDeliveries(ruleId: string, limit: number): Promise<NotificationDelivery[]>;
}

export interface NotificationRule {
  id: string;
  name: string;
  eventPattern: EventPattern;
  target: { url: string; headers?: Record<string, string> };
  created: number;
  /** The last event sequence handled (delivered, or given up after its retries). */
  cursor: number;
}

export interface NotificationDelivery {
  ruleId: string;
  eventSequence: number;
  attempt: number;
  outcome: 'Delivered' | 'Failed';
  /** HTTP status of the target's answer, when it answered. */
  responseStatus?: number;
  error?: string;
  at: number;
}
