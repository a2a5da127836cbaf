import { pipelineArn, type Partition } from '../arn.js';
import type { EventRecord } from '../contracts/store/events.js';

/**
 * A stored state-change event as EventBridge delivers CodePipeline's: `source: aws.codepipeline`, the
 * pipeline's ARN in `resources`, ISO time. Its `id` is stable (derived from the event's sequence number)
 * so that a consumer can tell a redelivery.
 */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.codepipeline';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export function eventBridgeEvent(record: EventRecord, partition: Partition): EventBridgeEvent {
  return {
    version: '0',
    id: eventId(record.sequence),
    'detail-type': record.detailType,
    source: 'aws.codepipeline',
    account: partition.accountId,
    time: new Date(record.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: partition.region,
    resources: [pipelineArn(partition, record.pipelineName)],
    detail: record.detail,
  };
}

/** A UUID-shaped id made from the sequence number: the same event always has the same id. */
function eventId(sequence: number): string {
  const hex = sequence.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}
