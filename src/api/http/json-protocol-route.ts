import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { backgroundTurn } from '../../core/background-turns.js';
import { PipewrightError } from '../../core/errors/index.js';
import { asJsonProtocolError, incomingCall } from '../identity.js';
import { codePipelineResource } from '../identity/codepipeline-resources.js';
import { operationTable } from '../operations/index.js';
import { operationNamed, targetPrefix } from '../protocol/service-model.js';
import { validateInput } from '../protocol/validate-input.js';
import type { ApiServices } from '../services.js';
import { errorResponse } from './error-response.js';
import { isAudited, recordAudit } from './audit.js';

const contentType = 'application/x-amz-json-1.1';

/**
 * The CodePipeline JSON 1.1 protocol: `POST /` with `X-Amz-Target: CodePipeline_20150709.<Operation>`.
 * Reads the body, validates it against AWS's model, establishes who calls, runs the operation, and
 * answers with its output or with the exception, as AWS's endpoint does.
 */
export function registerJsonProtocolRoute(app: FastifyInstance, services: ApiServices): void {
  app.post('/', async (request, reply) => {
    const requestId = randomUUID();
    const started = performance.now();
    let operationName = 'unknown';
    let principalArn: string | undefined;
    let body: unknown;
    try {
      // As on AWS, who calls is settled before anything else is read.
      const principal = await services.identity.authenticate(incomingCall(request, typeof request.body === 'string' ? request.body : ''));
      operationName = operationFrom(request);
      const handler = operationTable[operationName];
      const model = operationNamed(operationName);
      if (handler === undefined || model === undefined) {
        throw new PipewrightError('UnknownOperationException', `Pipewright does not implement the operation ${operationName}.`);
      }
      principalArn = principal.arn;
      body = parseBody(request.body);
      const input = model.input === undefined ? {} : validateInput(model.input.shape, body);
      const resource = codePipelineResource(operationName, input, services.partition);
      await services.identity.authorize(principal, `codepipeline:${operationName}`, resource, {
        sourceIp: request.ip,
        now: services.clock.now(),
        resourceTags: () => (resource === '*' ? Promise.resolve([]) : services.store.listTags(resource.replace(/^(arn:[^:]+:codepipeline:[^:]+:\d{12}:[^/:]+)\/.*$/, '$1'))),
      });
      // Reads are answered at once. A call that changes something takes its turn with the engine's own
      // work (backgroundTurn): a burst of starts should not hold up a GetPipelineState behind it.
      if (!isRead(operationName)) await backgroundTurn();
      const now = services.clock.now();
      const output = await handler(input as never, { requestId, principal, now, services });
      if (isAudited(operationName)) {
        await recordAudit(services.store, { time: now, requestId, principal: principal.arn, operation: operationName, input, outcome: 'Succeeded' });
      }
      request.log.debug({ operation: operationName, requestId, ms: round(performance.now() - started) }, 'api call');
      return send(reply, 200, requestId, output);
    } catch (error) {
      const response = errorResponse(asJsonProtocolError(error), requestId);
      if (response.ourFault) {
        request.log.error({ err: error, operation: operationName, requestId }, 'api call failed on our fault');
      } else {
        request.log.debug({ operation: operationName, requestId, error: response.code, message: response.body.message }, 'api call refused');
      }
      // A refused call that meant to change something is audited too (only known operations: an unknown
      // target is noise, not an attempt).
      if (principalArn !== undefined && operationTable[operationName] !== undefined && isAudited(operationName)) {
        await recordAudit(services.store, {
          time: services.clock.now(),
          requestId,
          principal: principalArn,
          operation: operationName,
          input: body,
          outcome: response.code,
          message: response.body.message,
        }).catch((auditError: unknown) => request.log.error({ err: auditError, requestId }, 'could not record the audit of a refused call'));
      }
      void reply.header('x-amzn-ErrorType', response.code);
      return send(reply, response.status, requestId, response.body);
    }
  });
}

const isRead = (operationName: string): boolean => operationName.startsWith('Get') || operationName.startsWith('List');

function operationFrom(request: FastifyRequest): string {
  const target = request.headers['x-amz-target'];
  const value = Array.isArray(target) ? target[0] : target;
  if (value === undefined || value === '') {
    throw new PipewrightError('UnknownOperationException', 'The request has no X-Amz-Target header naming an operation.');
  }
  const [prefix, operation, ...rest] = value.split('.');
  if (prefix !== targetPrefix || operation === undefined || operation === '' || rest.length > 0) {
    throw new PipewrightError('UnknownOperationException', `X-Amz-Target ${value} names no operation of ${targetPrefix}.`);
  }
  return operation;
}

function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new PipewrightError('SerializationException', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function send(reply: FastifyReply, status: number, requestId: string, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', contentType).header('x-amzn-RequestId', requestId).send(Buffer.from(JSON.stringify(body), 'utf8'));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
