import type { FastifyInstance } from 'fastify';

/** How often a closing server looks for connections that have fallen idle. */
const reapEveryMs = 50;

/**
 * Node's `server.close()` closes the keep-alive connections that are idle at that moment only: one whose
 * call is still in flight (its body arriving, its answer being written, an event stream being ended) falls
 * idle afterwards and stays open until the keep-alive timeout, and the close waits for it, so a SIGTERM
 * went unanswered for 72 s. While the app closes, each connection is closed as soon as it falls idle;
 * calls in flight still get their answers.
 */
export function closeConnectionsAsTheyFallIdle(app: FastifyInstance): void {
  app.addHook('preClose', (done) => {
    const server = app.server;
    const reaper = setInterval(() => server.closeIdleConnections(), reapEveryMs);
    // Never what keeps the process alive; cleared once the last connection has gone.
    reaper.unref();
    server.once('close', () => clearInterval(reaper));
    done();
  });
}
