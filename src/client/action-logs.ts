import { apiJson } from './api-fetch.js';
import type { Connection } from './connection.js';
import { openEventStream } from './server-sent-events.js';

/** One line of an action's log; `stream` says whose: the action's stdout or stderr, or Pipewright's own (system). */
export interface LogLine {
  number: number;
  time: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

export interface LogPage {
  actionExecutionId: string;
  lines: LogLine[];
  complete: boolean;
}

/** One page of an action execution's log: the lines after `afterLine`, at most `limit` (≤ 5000). */
export async function readLogPage(connection: Connection, actionExecutionId: string, options: { afterLine?: number; limit?: number } = {}): Promise<LogPage> {
  const query = new URLSearchParams({ afterLine: String(options.afterLine ?? 0), limit: String(options.limit ?? 5000) });
  return apiJson<LogPage>(connection, `/api/logs/${encodeURIComponent(actionExecutionId)}?${query.toString()}`);
}

/** The whole log as it is now, page after page. */
export async function* readLog(connection: Connection, actionExecutionId: string): AsyncGenerator<LogLine, void, undefined> {
  let afterLine = 0;
  for (;;) {
    const page = await readLogPage(connection, actionExecutionId, { afterLine });
    yield* page.lines;
    const last = page.lines.at(-1);
    if (last === undefined || page.complete) return;
    afterLine = last.number;
  }
}

/** The log's lines as they are written (`/api/logs/<id>/follow`), until the log is complete. */
export async function* followLog(connection: Connection, actionExecutionId: string, signal?: AbortSignal): AsyncGenerator<LogLine, void, undefined> {
  const stream = await openEventStream(connection, `/api/logs/${encodeURIComponent(actionExecutionId)}/follow`, signal);
  for await (const event of stream) {
    if (event.event === 'end') return;
    if (event.event === 'line') yield JSON.parse(event.data) as LogLine;
  }
}
