import { EventSourceParserStream } from 'eventsource-parser/stream';
import { apiFetch } from './api-fetch.js';
import type { Connection } from './connection.js';

/** One Server-Sent Event as EventSource hands it over. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Opens a `text/event-stream` route. The promise resolves once the server has answered (its headers
 * arrived), so a caller can read the current state after that point knowing no later change is
 * missed; `events` then yields the events until the stream ends or `signal` aborts it.
 */
export async function openEventStream(
  connection: Connection,
  path: string,
  signal?: AbortSignal,
): Promise<AsyncGenerator<ServerSentEvent, void, undefined>> {
  const response = await apiFetch(connection, path, { headers: { accept: 'text/event-stream' }, ...(signal !== undefined ? { signal } : {}) });
  return readEvents(response);
}

/**
 * The events of a `text/event-stream` body, parsed by eventsource-parser as the HTML standard says
 * (line ends of any kind, wherever the chunks are cut; comments and blocks without data dispatch
 * nothing). The event type defaults to `message`, as EventSource's does.
 */
export async function* readEvents(response: Response): AsyncGenerator<ServerSentEvent, void, undefined> {
  if (response.body === null) return;
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  try {
    for await (const { id, event, data } of events as unknown as AsyncIterable<{ id?: string; event?: string; data: string }>) {
      yield { ...(id !== undefined ? { id } : {}), event: event ?? 'message', data };
    }
  } catch {
    // An abort is how a reader stops listening; anything else (the server went away) ends the stream too.
  }
}
