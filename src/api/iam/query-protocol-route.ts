import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPipewrightError } from '../../core/errors/index.js';
import { recordAudit } from '../http/audit.js';
import { incomingCall } from '../identity.js';
import { AuthenticationFailure } from '../identity/authentication-failure.js';
import { queryAuthErrors } from '../identity/auth-errors.js';
import type { ApiServices } from '../services.js';
import { stsActions } from '../sts/sts-actions.js';
import { iamActions } from './iam-actions.js';
import type { QueryAction } from './iam-context.js';
import { IamError, type IamErrorCode } from './iam-error.js';
import { queryError, queryResponse } from './query-xml.js';

/** The query services on `POST /`, told apart by Version as AWS's endpoints are by host. */
const services: Record<string, { prefix: string; namespace: string; actions: Partial<Record<string, QueryAction>> }> = {
  '2010-05-08': { prefix: 'iam', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/', actions: iamActions },
  '2011-06-15': { prefix: 'sts', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', actions: stsActions },
};

/**
 * IAM and STS over the AWS query protocol (`application/x-www-form-urlencoded`, `Action=…&Version=…`)
 * on the same endpoint as CodePipeline, so that `aws iam … --endpoint-url`, Terraform and the SDKs
 * manage identities here. A hook, because `POST /` is the JSON protocol's route: form posts are
 * answered here before it runs.
 */
export function registerQueryProtocolRoute(app: FastifyInstance, api: ApiServices): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/' || !isForm(request)) return;
    await answer(request, reply, api);
    return reply;
  });
}

function isForm(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && request.headers['x-amz-target'] === undefined;
}

async function answer(request: FastifyRequest, reply: FastifyReply, api: ApiServices): Promise<void> {
  const requestId = randomUUID();
  const body = typeof request.body === 'string' ? request.body : '';
  const params = new URLSearchParams(body);
  const service = services[params.get('Version') ?? ''] ?? services['2010-05-08'];
  if (service === undefined) return;
  const actionName = params.get('Action') ?? '';
  let principalArn: string | undefined;
  const now = api.clock.now();
  let action: QueryAction | undefined;
  try {
    const principal = await api.identity.authenticate(incomingCall(request, body));
    principalArn = principal.arn;
    if (actionName === '') throw new IamError('MissingAction', 'Missing Action');
    action = service.actions[actionName];
    if (action === undefined) throw new IamError('InvalidAction', `Could not find operation ${actionName} for version ${params.get('Version') ?? ''}`);
    const call = { params, principal, now, requestId, sourceIp: request.ip, services: api };
    if (action.authorizesItself !== true) {
      await api.identity.authorize(principal, `${service.prefix}:${actionName}`, await action.resource(call), { sourceIp: request.ip, now });
    }
    const result = await action.run(call);
    if (action.read !== true) {
      api.identity.identitiesChanged();
      await recordAudit(api, { time: now, requestId, principal: principal.arn, operation: `${service.prefix}:${actionName}`, input: {}, outcome: 'Succeeded' });
    }
    send(reply, 200, queryResponse(actionName, service.namespace, result, requestId));
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) {
      request.log.error({ err: error, action: actionName, requestId }, 'query api call failed on our fault');
      send(reply, 500, queryError(service.namespace, 'ServiceFailure', `Pipewright failed to handle this request (request id ${requestId}); see the server log.`, requestId, 'Receiver'));
      return;
    }
    if (principalArn !== undefined && action !== undefined && action.read !== true) {
      await recordAudit(api, { time: now, requestId, principal: principalArn, operation: `${service.prefix}:${actionName}`, input: {}, outcome: refusal.code, message: refusal.message }).catch(
        (auditError: unknown) => request.log.error({ err: auditError, requestId }, 'could not record the audit of a refused call'),
      );
    }
    send(reply, refusal.status, queryError(service.namespace, refusal.code, refusal.message, requestId));
  }
}

function refusalOf(error: unknown): { code: IamErrorCode; status: number; message: string } | undefined {
  if (error instanceof IamError) return { code: error.code, status: error.status, message: error.message };
  if (error instanceof AuthenticationFailure) {
    const { code, status } = queryAuthErrors[error.reason];
    return { code: code as IamErrorCode, status, message: error.message };
  }
  if (isPipewrightError(error) && error.code === 'AccessDeniedException') return { code: 'AccessDenied', status: 403, message: error.message };
  return undefined;
}

function send(reply: FastifyReply, status: number, xml: string): void {
  void reply.code(status).header('content-type', 'text/xml').send(xml);
}
