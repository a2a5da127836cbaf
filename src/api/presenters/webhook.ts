import { toEpochSeconds } from '../../core/clock.js';
import type { Tag, WebhookRecord } from '../../core/contracts/store.js';
import type * as wire from '../wire/shapes.js';
import { maskedSecret } from './pipeline.js';

/**
 * A webhook as ListWebhooks and PutWebhook show it: its definition with the secret token redacted
 * (shown as the mask; PutWebhook reads the mask back as "unchanged"), its URL, ARN, last trigger and
 * last error.
 */
export function presentWebhook(record: WebhookRecord, url: string, arn: string, tags: readonly Tag[]): wire.ListWebhookItem {
  const { definition } = record;
  const { SecretToken: secret, AllowedIPRange: range } = definition.authenticationConfiguration;
  return {
    definition: {
      name: definition.name,
      targetPipeline: definition.targetPipeline,
      targetAction: definition.targetAction,
      filters: definition.filters.map((filter) => ({ jsonPath: filter.jsonPath, ...(filter.matchEquals !== undefined ? { matchEquals: filter.matchEquals } : {}) })),
      authentication: definition.authentication,
      authenticationConfiguration: {
        ...(secret !== undefined ? { SecretToken: maskedSecret } : {}),
        ...(range !== undefined ? { AllowedIPRange: range } : {}),
      },
    },
    url,
    arn,
    ...(record.lastTriggered !== undefined ? { lastTriggered: toEpochSeconds(record.lastTriggered) } : {}),
    ...(record.error !== undefined ? { errorCode: record.error.code, errorMessage: record.error.message } : {}),
    ...(tags.length > 0 ? { tags: tags.map((tag) => ({ key: tag.key, value: tag.value })) } : {}),
  };
}
