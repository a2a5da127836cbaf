import type { NotificationRule } from '../../core/contracts/store.js';

/** What a masked header value reads as: the name shows that the header is set, never its value. */
export const maskedHeaderValue = '****';

/**
 * A notification rule as the API shows it. Target header values are write-only (they carry tokens for
 * the target): every route answers them masked, and only the dispatcher reads them from the store.
 */
export function presentNotificationRule(rule: NotificationRule): NotificationRule {
  const headers = rule.target.headers;
  if (headers === undefined) return rule;
  return { ...rule, target: { ...rule.target, headers: Object.fromEntries(Object.keys(headers).map((name) => [name, maskedHeaderValue])) } };
}
