import { createHash } from 'node:crypto';
import { pipelineArn, type Partition } from '../arn.js';
import type { EventRecord } from '../contracts/store.js';

/** A stored state-change event as EventBridge delivers CodePipeline's events. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.codepipeline';
  account: string;
  /** ISO 8601 to the second, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * Presents an event of the log as EventBridge's envelope (the SSE stream and notification rules both
 * deliver this shape). The id is derived from the account, region
 * and sequence rather than drawn at random, so a reader who resumes and sees an event again (delivery
 * is at least once) recognises it by its id.
 */
export function eventBridgeEvent(event: EventRecord, partition: Partition): EventBridgeEvent {
  return {
    version: '0',
    id: eventId(partition, event.sequence),
    'detail-type': event.detailType,
    source: 'aws.codepipeline',
    account: partition.accountId,
    time: new Date(event.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: partition.region,
    resources: [pipelineArn(partition, event.pipelineName)],
    detail: event.detail,
  };
}

function eventId(partition: Partition, sequence: number): string {
  const hex = createHash('sha256').update(`${partition.accountId}:${partition.region}:event:${sequence}`).digest('hex');
  // Shaped as a version 4 UUID (variant bits included) like EventBridge's ids.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
