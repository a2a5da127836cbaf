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

async function* readEvents(response: Response): AsyncGenerator<ServerSentEvent, void, undefined> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const event = parseEventBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event !== undefined) yield event;
      }
    }
  } catch {
    // An abort is how a reader stops listening; anything else (the server went away) ends the stream too.
  }
}

/** One event's block (the lines before a blank line) read as EventSource does; none without data. */
export function parseEventBlock(block: string): ServerSentEvent | undefined {
  const event: ServerSentEvent = { event: 'message', data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  event.data = data.join('\n');
  return event;
}
