import type { FastifyInstance } from 'fastify';
import type { Partition } from '../../core/arn.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import type { EngineSignals } from '../../engine/engine-signals.js';
import { requirePipeline } from '../operations/require-pipeline.js';
import { cursorParameter, queryOf, sendApiError } from './api-route-support.js';
import { eventBridgeEvent } from '../../core/events/eventbridge-event.js';
import { sseStreams } from './sse-stream.js';
import { WakeSignal } from './wake-signal.js';
import { backgroundTurn } from '../../core/background-turns.js';
import { EventStreamCap } from './guards/event-stream-cap.js';
import { defaultHttpLimits } from './guards/door-settings.js';

/** Events read per page of a replay; each page waits for its turn (backgroundTurn) first. */
const batchSize = 100;

export interface EventsRouteOptions {
  store: Pick<StoreOperations, 'listEvents' | 'latestEventSequence' | 'getPipeline'>;
  signals: Pick<EngineSignals, 'on'>;
  partition: Partition;
  /** Streams open at once; one more is refused with ThrottlingException (default: defaultHttpLimits). */
  maxStreams?: number;
}

/**
 * `GET /api/events[?pipeline=<name>]`: the state-change events as Server-Sent Events, each with
 * `id: <sequence>`, `event: <detail-type>` and the EventBridge-shaped event as `data`. A reader resumes
 * after the `Last-Event-ID` header (what EventSource sends when it reconnects) or the `lastEventId`
 * query parameter (`0` replays the whole log); without either it gets the events from now on.
 *
 * The stream reads the event log from its cursor until it is caught up, then sleeps until the engine
 * says it appended events (`eventsAppended`, after commit): no polling. A replay reads page by page,
 * each page in a background turn, so hundreds of replays from 0 share the loop with the API's reads
 * instead of holding it (SQLite answers synchronously); at most `maxStreams` streams are open.
 */
export function registerEventsRoute(app: FastifyInstance, options: EventsRouteOptions): void {
  const openStream = sseStreams(app);
  const cap = new EventStreamCap(options.maxStreams ?? defaultHttpLimits.maxEventStreams);
  app.get('/api/events', async (request, reply) => {
    const query = queryOf(request);
    let cursor: number;
    let pipelineName: string | undefined;
    let release: () => void;
    try {
      release = cap.take();
    } catch (error) {
      return sendApiError(request, reply, error);
    }
    try {
      const filter = query.pipeline;
      pipelineName = Array.isArray(filter) ? filter[0] : filter;
      if (pipelineName !== undefined) await requirePipeline(options.store, pipelineName, options.partition.accountId);
      const resumeFrom = request.headers['last-event-id'] ?? query.lastEventId;
      const latest = await options.store.latestEventSequence();
      // A cursor past the end comes from another event log (a store that was replaced): from there on,
      // every new event would be skipped, so the reader starts at the end of this one.
      cursor = resumeFrom === undefined ? latest : Math.min(cursorParameter(resumeFrom, 'Last-Event-ID', 0), latest);
    } catch (error) {
      release();
      return sendApiError(request, reply, error);
    }

    const stream = openStream(request, reply);
    const wake = new WakeSignal();
    const unsubscribe = options.signals.on('eventsAppended', (appended) => {
      if (pipelineName === undefined || appended.pipelineName === pipelineName) wake.notify();
    });
    try {
      while (!stream.isClosed) {
        wake.reset();
        await backgroundTurn();
        if (stream.isClosed) break;
        const events = await options.store.listEvents({ afterSequence: cursor, limit: batchSize, ...(pipelineName !== undefined ? { pipelineName } : {}) });
        for (const event of events) {
          if (stream.isClosed) break;
          await stream.send({ id: event.sequence, event: event.detailType, data: JSON.stringify(eventBridgeEvent(event, options.partition)) });
          cursor = event.sequence;
        }
        if (events.length < batchSize) await Promise.race([wake.wait(), stream.closed]);
      }
    } catch (error) {
      // The reader reconnects with the id of the last event it got and misses nothing.
      request.log.error({ err: error, pipeline: pipelineName, cursor }, 'event stream failed; ending it');
    } finally {
      unsubscribe();
      stream.end();
      release();
    }
    return reply;
  });
}
