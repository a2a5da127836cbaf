import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeDetection } from '../../engine/change-detection/change-detection.js';
import type { CallOutcome, IncomingCall } from '../../engine/change-detection/incoming-call.js';

/** GitHub sends webhook payloads of up to 25 MB. */
const webhookBodyLimit = 25 * 1024 * 1024;

/**
 * The URLs git hosts call:
 * - `POST /webhooks/<id>`: a webhook made by PutWebhook (its URL);
 * - `POST /webhooks/v2/<connection id>`: a git host's push and pull request events for a connection
 *   (V2 triggers), the id being the end of the connection's ARN.
 * Bodies are kept as the bytes that arrived (a signature is computed over exactly those). The answer
 * says what happened: 2xx when the call was taken (started, or filtered out and why), 401/403 when it
 * was refused, 404 when nothing is served there, 409 when the pipeline could not be started.
 */
export function registerWebhookRoutes(app: FastifyInstance, changeDetection: ChangeDetection): void {
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhookBodyLimit }, (_request, body, parsed) => {
      parsed(null, body);
    });
    scope.post('/webhooks/v2/:connectionId', { bodyLimit: webhookBodyLimit }, (request, reply) =>
      answer(request, reply, () => changeDetection.receiveGitEvent(param(request, 'connectionId'), incomingCall(request))),
    );
    scope.post('/webhooks/:urlId', { bodyLimit: webhookBodyLimit }, (request, reply) =>
      answer(request, reply, () => changeDetection.receiveWebhook(param(request, 'urlId'), incomingCall(request))),
    );
    done();
  });
}

function param(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string | undefined>)[name] ?? '';
}

function incomingCall(request: FastifyRequest): IncomingCall {
  return { body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), headers: request.headers, remoteAddress: request.ip };
}

async function answer(request: FastifyRequest, reply: FastifyReply, receive: () => Promise<CallOutcome>): Promise<FastifyReply> {
  let outcome: CallOutcome;
  try {
    outcome = await receive();
  } catch (error) {
    request.log.error({ err: error, url: request.url }, 'a webhook call failed on our fault');
    return reply.code(500).send({ outcome: 'error', message: 'Pipewright failed to handle the call; see the server log.' });
  }
  request.log.info({ url: request.url, outcome: outcome.kind, message: outcome.message }, 'webhook call');
  const { kind, ...rest } = outcome;
  return reply.code(statusOf(outcome)).send({ outcome: kind, ...rest });
}

function statusOf(outcome: CallOutcome): number {
  switch (outcome.kind) {
    case 'started':
    case 'filtered':
      return 200;
    case 'bad-request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'failed':
      return outcome.code === 'PipelineNotFoundException' || outcome.code === 'ActionNotFoundException' ? 404 : 409;
  }
}
