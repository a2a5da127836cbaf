import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LogStore } from '../../core/contracts/action-log.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { cursorParameter, limitParameter, queryOf, sendApiError } from './api-route-support.js';
import { sseStreams } from './sse-stream.js';

const maxPage = 5000;
/** While a log grows, a follower looks again soon; while it is quiet, less and less often. */
const followIntervalMs = { min: 100, max: 1000 };

export interface LogsRouteOptions {
  store: Pick<StoreOperations, 'getActionRun'>;
  logs: Pick<LogStore, 'read'>;
}

/**
 * An action execution's log (what a build wrote, secrets already masked when it was written):
 * - `GET /api/logs/<actionExecutionId>?afterLine=N&limit=M` → `{actionExecutionId, lines: [{number, time,
 *   stream, text}], complete}`: the lines after line N (0: from the start), at most M (default 1000, at
 *   most 5000); `complete` once the log is closed and these lines reach its end.
 * - `GET /api/logs/<actionExecutionId>/follow?afterLine=N`: the same lines as Server-Sent Events, one
 *   `event: line` per line with `id: <line number>` (so `Last-Event-ID` resumes), then `event: end` once
 *   the log is complete. `pipewright logs --follow` and the console read this.
 * - `GET /api/logs/<actionExecutionId>/raw`: the whole log as it stands, as plain text, one line each
 *   (ANSI escapes kept, secrets masked as written), to download: the console's "Download" link.
 * An id no action ever ran under is ActionExecutionNotFoundException.
 */
export function registerLogsRoutes(app: FastifyInstance, options: LogsRouteOptions): void {
  const openStream = sseStreams(app);

  app.get('/api/logs/:actionExecutionId', async (request, reply) => {
    try {
      const actionExecutionId = await requireActionRun(options, request);
      const query = queryOf(request);
      const afterLine = cursorParameter(query.afterLine, 'afterLine', 0);
      const limit = limitParameter(query.limit, 'limit', 1000, maxPage);
      const { lines, complete } = await options.logs.read(actionExecutionId, { afterLine, limit });
      return reply.header('cache-control', 'no-store').send({ actionExecutionId, lines, complete });
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });

  app.get('/api/logs/:actionExecutionId/raw', async (request, reply) => {
    let actionExecutionId: string;
    try {
      actionExecutionId = await requireActionRun(options, request);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
    // Page by page, so a long log never sits in memory whole.
    async function* text(): AsyncGenerator<string> {
      let afterLine = 0;
      for (;;) {
        const { lines } = await options.logs.read(actionExecutionId, { afterLine, limit: maxPage });
        if (lines.length > 0) yield lines.map((line) => `${line.text}\n`).join('');
        if (lines.length < maxPage) return;
        afterLine = lines[lines.length - 1]!.number;
      }
    }
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${actionExecutionId.replace(/[^A-Za-z0-9._-]/g, '_')}.log"`)
      .send(Readable.from(text()));
  });

  app.get('/api/logs/:actionExecutionId/follow', async (request, reply) => {
    let actionExecutionId: string;
    let afterLine: number;
    try {
      actionExecutionId = await requireActionRun(options, request);
      afterLine = cursorParameter(request.headers['last-event-id'] ?? queryOf(request).afterLine, 'afterLine', 0);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
    const stream = openStream(request, reply);
    let interval = followIntervalMs.min;
    try {
      // The log contract offers no change signal (a remote worker's log is not in this process), so a
      // follower reads again after a pause that grows while the log is quiet.
      while (!stream.isClosed) {
        const { lines, complete } = await options.logs.read(actionExecutionId, { afterLine, limit: 1000 });
        for (const line of lines) {
          if (stream.isClosed) break;
          await stream.send({ id: line.number, event: 'line', data: JSON.stringify(line) });
          afterLine = line.number;
        }
        if (complete) {
          await stream.send({ event: 'end', data: JSON.stringify({ actionExecutionId, lines: afterLine }) });
          break;
        }
        if (lines.length === 1000) continue;
        interval = lines.length > 0 ? followIntervalMs.min : Math.min(followIntervalMs.max, interval * 2);
        await Promise.race([new Promise((resolve) => setTimeout(resolve, interval)), stream.closed]);
      }
    } catch (error) {
      request.log.error({ err: error, actionExecutionId, afterLine }, 'log stream failed; ending it');
    } finally {
      stream.end();
    }
    return reply;
  });
}

async function requireActionRun(options: LogsRouteOptions, request: FastifyRequest): Promise<string> {
  const { actionExecutionId } = request.params as { actionExecutionId: string };
  const run = await options.store.getActionRun(actionExecutionId);
  if (run === undefined) throw new PipewrightError('ActionExecutionNotFoundException', `No action execution with id ${actionExecutionId}.`);
  return actionExecutionId;
}
