import { describe, expect, it } from 'vitest';
import { readEvents, type ServerSentEvent } from './server-sent-events.js';

/** A response whose body arrives in exactly these chunks, as a network may cut it. */
function responseOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function eventsOf(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readEvents(responseOf(chunks))) events.push(event);
  return events;
}

// The format: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
describe('readEvents', () => {
  it('reads a CRLF split across two chunks as one line end, not an empty line', async () => {
    expect(await eventsOf(['data: first\r', '\ndata: second\r\n\r\n'])).toEqual([{ event: 'message', data: 'first\nsecond' }]);
  });

  it('takes CR, LF and CRLF as line ends, ids and event types, and skips comments', async () => {
    expect(await eventsOf([': keep-alive\n\nid: 7\revent: line\r\ndata: {"a":1}\n\n', 'event: end\ndata:\n\n'])).toEqual([
      { id: '7', event: 'line', data: '{"a":1}' },
      { event: 'end', data: '' },
    ]);
  });

  it('dispatches nothing for a block without data, or for an event the stream cut off', async () => {
    expect(await eventsOf(['id: 3\nevent: ping\n\n', 'data: never ended\n'])).toEqual([]);
  });

  it('decodes a character split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readEvents(new Response(body))) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'café' }]);
  });
});
