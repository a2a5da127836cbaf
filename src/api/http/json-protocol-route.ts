import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { backgroundTurn } from '../../core/background-turns.js';
import { PipewrightError } from '../../core/errors/index.js';
import { asJsonProtocolError, incomingCall } from '../identity.js';
import { codePipelineResource } from '../identity/codepipeline-resources.js';
import type { JsonService } from '../json-service.js';
import { jsonServices } from '../json-services.js';
import type { Partition } from '../../core/arn.js';
import { operationTable } from '../operations/index.js';
import type { RequestContext } from '../operations/operation.js';
import { operationNamed, targetPrefix } from '../protocol/service-model.js';
import { validateInput } from '../protocol/validate-input.js';
import type { ApiServices } from '../services.js';
import { errorResponse } from './error-response.js';
import { isAudited, recordAudit } from './audit.js';

const contentType = 'application/x-amz-json-1.1';

/**
 * The CodePipeline JSON 1.1 protocol: `POST /` with `X-Amz-Target: CodePipeline_20150709.<Operation>`.
 * Reads the body, validates it against AWS's model, establishes who calls, runs the operation, and
 * answers with its output or with the exception, as AWS's endpoint does. Other services' prefixes
 * (`AmazonSSM.`, `secretsmanager.`: `json-services.ts`) are served the same way by their own tables.
 */
export function registerJsonProtocolRoute(app: FastifyInstance, services: ApiServices): void {
  app.post('/', async (request, reply) => {
    const requestId = randomUUID();
    const started = performance.now();
    let operationName = 'unknown';
    let audited = false;
    let principalArn: string | undefined;
    let body: unknown;
    try {
      // As on AWS, who calls is settled before anything else is read.
      const principal = await services.identity.authenticate(incomingCall(request, typeof request.body === 'string' ? request.body : ''));
      const operation = operationFrom(request);
      operationName = operation.auditName;
      audited = operation.audited;
      principalArn = principal.arn;
      body = parseBody(request.body);
      const input = operation.check(body);
      const resource = operation.resource(input, services.partition);
      await services.identity.authorize(principal, operation.action, resource, {
        sourceIp: request.ip,
        now: services.clock.now(),
        resourceTags: () => (resource === '*' ? Promise.resolve([]) : services.store.listTags(resource.replace(/^(arn:[^:]+:codepipeline:[^:]+:\d{12}:[^/:]+)\/.*$/, '$1'))),
      });
      // Reads are answered at once. A call that changes something takes its turn with the engine's own
      // work (backgroundTurn): a burst of starts should not hold up a GetPipelineState behind it.
      if (!operation.read) await backgroundTurn();
      const now = services.clock.now();
      const output = await operation.handler(input, { requestId, principal, now, services, sourceIp: request.ip });
      if (audited) {
        await recordAudit(services, { time: now, requestId, principal: principal.arn, operation: operationName, input, outcome: 'Succeeded' });
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
      if (principalArn !== undefined && audited) {
        await recordAudit(services, {
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

/** What an X-Amz-Target names: the handler, how its input is checked, whether it only reads, how it is audited. */
interface TargetOperation {
  handler: (input: Record<string, unknown>, context: RequestContext) => Promise<object>;
  check: (body: unknown) => Record<string, unknown>;
  read: boolean;
  audited: boolean;
  /** CodePipeline's operations by their name; other services' as `ssm:PutParameter`. */
  auditName: string;
  /** The IAM action policies name it by (`codepipeline:StartPipelineExecution`, `ssm:PutParameter`). */
  action: string;
  /** The resource ARN the action is authorized on (`*` when the call names none). */
  resource: (input: Record<string, unknown>, partition: Partition) => string;
}

function operationFrom(request: FastifyRequest): TargetOperation {
  const target = request.headers['x-amz-target'];
  const value = Array.isArray(target) ? target[0] : target;
  if (value === undefined || value === '') {
    throw new PipewrightError('UnknownOperationException', 'The request has no X-Amz-Target header naming an operation.');
  }
  const [prefix, operation, ...rest] = value.split('.');
  const service = prefix === undefined || !Object.hasOwn(jsonServices, prefix) ? undefined : jsonServices[prefix];
  if ((prefix !== targetPrefix && service === undefined) || operation === undefined || operation === '' || rest.length > 0) {
    throw new PipewrightError('UnknownOperationException', `X-Amz-Target ${value} names no operation of ${targetPrefix}.`);
  }
  return service === undefined ? codePipelineOperation(operation) : serviceOperation(service, operation);
}

function codePipelineOperation(name: string): TargetOperation {
  const handler = operationTable[name];
  const model = operationNamed(name);
  if (handler === undefined || model === undefined) {
    throw new PipewrightError('UnknownOperationException', `Pipewright does not implement the operation ${name}.`);
  }
  const check = (body: unknown): Record<string, unknown> => (model.input === undefined ? {} : validateInput(model.input.shape, body));
  const resource = (input: Record<string, unknown>, partition: Partition): string => codePipelineResource(name, input, partition);
  return { handler: handler as TargetOperation['handler'], check, read: isRead(name), audited: isAudited(name), auditName: name, action: `codepipeline:${name}`, resource };
}

function serviceOperation(service: JsonService, name: string): TargetOperation {
  const handler = Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
  if (handler === undefined) throw new PipewrightError('UnknownOperationException', `Pipewright does not implement the operation ${name} of ${service.signingName}.`);
  const check = (body: unknown): Record<string, unknown> => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PipewrightError('SerializationException', 'The request body must be a JSON object.');
    return body as Record<string, unknown>;
  };
  const read = service.reads.has(name);
  const action = `${service.signingName}:${name}`;
  return { handler: handler, check, read, audited: !read, auditName: action, action, resource: (input, partition) => serviceResource(service.signingName, input, partition) };
}

/**
 * The resource an SSM or Secrets Manager call is authorized on: the one parameter (`Name`) or secret
 * (`SecretId`, an ARN or a name) it names, as the Service Authorization Reference's resource types
 * (`parameter/<name>`, `secret:<name>`); calls naming several or none are authorized on `*`.
 */
function serviceResource(signingName: string, input: Record<string, unknown>, partition: Partition): string {
  const prefix = `arn:aws:${signingName}:${partition.region}:${partition.accountId}`;
  if (signingName === 'ssm' && typeof input.Name === 'string') return `${prefix}:parameter/${input.Name.replace(/^\//, '')}`;
  if (signingName === 'secretsmanager' && typeof input.SecretId === 'string') {
    return input.SecretId.startsWith('arn:') ? input.SecretId : `${prefix}:secret:${input.SecretId}`;
  }
  if (signingName === 'secretsmanager' && typeof input.Name === 'string') return `${prefix}:secret:${input.Name}`;
  return '*';
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
