import type { Connection } from './connection.js';
import { openEventStream, type ServerSentEvent } from './server-sent-events.js';

/** The EventBridge-shaped state change `/api/events` sends (only what readers here use is typed). */
export interface PipelineEvent {
  'detail-type': string;
  time: string;
  detail: Record<string, unknown> & { pipeline?: string; 'execution-id'?: string; stage?: string; action?: string; state?: string };
}

/**
 * The state changes of one pipeline from now on (`GET /api/events?pipeline=NAME`). Resolves once the
 * server is streaming, so what the caller reads next is at least as new as the stream's start.
 */
export async function pipelineEvents(connection: Connection, pipelineName: string, signal?: AbortSignal): Promise<AsyncGenerator<PipelineEvent, void, undefined>> {
  const stream = await openEventStream(connection, `/api/events?pipeline=${encodeURIComponent(pipelineName)}`, signal);
  return parsed(stream);
}

async function* parsed(stream: AsyncGenerator<ServerSentEvent, void, undefined>): AsyncGenerator<PipelineEvent, void, undefined> {
  for await (const event of stream) yield JSON.parse(event.data) as PipelineEvent;
}
