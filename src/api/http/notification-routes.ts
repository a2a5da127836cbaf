import type { FastifyInstance, FastifyReply } from 'fastify';
import { patternProblem, type EventPattern } from '../../core/events/event-pattern.js';
import { newId } from '../../core/ids.js';
import type { ApiServices } from '../services.js';
import { presentNotificationRule } from '../presenters/notification-rule.js';

/**
 * Notification rules (Pipewright's own endpoints; CodePipeline's are in another AWS service):
 * - `POST /api/notification-rules` `{"name", "eventPattern", "target": {"url", "headers"?}}` → 201 with the rule;
 *   header values are write-only (answered masked) and the target must not be a loopback, link-local or
 *   private address unless the server allows it (SSRF; engine/event-delivery/target-addresses.ts);
 * - `GET /api/notification-rules`, `DELETE /api/notification-rules/<id>`;
 * - `PUT /api/notification-rules/<id>` with the same body: changes the rule in place (its id, and its
 *   place in the event log, stay); a target without `headers` keeps the headers it had, since they
 *   are write-only and whoever edits the rule cannot read them back;
 * - `GET /api/notification-rules/<id>/deliveries` — every attempt, newest first.
 * Matching events are POSTed to the target as EventBridge-shaped JSON, with retries.
 */
export function registerNotificationRoutes(app: FastifyInstance, services: Pick<ApiServices, 'store' | 'clock' | 'notifications'>): void {
  app.get('/api/notification-rules', async () => ({ rules: (await services.store.listNotificationRules()).map(presentNotificationRule) }));

  app.post('/api/notification-rules', async (request, reply) => {
    const parsed = await readRuleBody(request.body, services);
    if (typeof parsed === 'string') return refuse(reply, parsed);
    // A new rule starts at the end of the event log: it notifies about what happens from now on.
    const rule = { id: newId(), ...parsed, created: services.clock.now(), cursor: await services.store.latestEventSequence() };
    await services.store.createNotificationRule(rule);
    services.notifications.ruleAdded(rule);
    return reply.code(201).send(presentNotificationRule(rule));
  });

  app.put<{ Params: { id: string } }>('/api/notification-rules/:id', async (request, reply) => {
    const existing = await services.store.getNotificationRule(request.params.id);
    if (existing === undefined) return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `No notification rule ${request.params.id}.` });
    const parsed = await readRuleBody(request.body, services);
    if (typeof parsed === 'string') return refuse(reply, parsed);
    const headers = parsed.target.headers ?? existing.target.headers;
    const updated = await services.store.updateNotificationRule(existing.id, { ...parsed, target: { url: parsed.target.url, ...(headers !== undefined ? { headers } : {}) } });
    if (updated === undefined) return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `No notification rule ${request.params.id}.` });
    // The delivery loop holds the rule it was started with: start it again with the new one, from the same cursor.
    services.notifications.ruleRemoved(updated.id);
    services.notifications.ruleAdded(updated);
    return reply.send(presentNotificationRule(updated));
  });

  app.delete<{ Params: { id: string } }>('/api/notification-rules/:id', async (request, reply) => {
    const deleted = await services.store.deleteNotificationRule(request.params.id);
    services.notifications.ruleRemoved(request.params.id);
    if (!deleted) return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `No notification rule ${request.params.id}.` });
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/notification-rules/:id/deliveries', async (request, reply) => {
    if ((await services.store.getNotificationRule(request.params.id)) === undefined) {
      return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `No notification rule ${request.params.id}.` });
    }
    return { deliveries: await services.store.listDeliveries(request.params.id, 100) };
  });
}

/** `GET /api/audit[?pipeline=&before=&limit=]` — the audit record, newest first. */
export function registerAuditRoute(app: FastifyInstance, services: Pick<ApiServices, 'store'>): void {
  app.get<{ Querystring: { pipeline?: string; before?: string; limit?: string } }>('/api/audit', async (request, reply) => {
    const limit = Number(request.query.limit ?? 100);
    const before = request.query.before === undefined ? undefined : Number(request.query.before);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return refuse(reply, 'limit must be an integer from 1 to 1000.');
    if (before !== undefined && !Number.isInteger(before)) return refuse(reply, 'before must be an audit sequence number.');
    const records = await services.store.listAudit({
      limit,
      ...(before !== undefined ? { beforeSequence: before } : {}),
      ...(request.query.pipeline !== undefined ? { pipelineName: request.query.pipeline } : {}),
    });
    return { records };
  });
}

/** A rule's name, pattern and target from a request body, or why they are refused. */
async function readRuleBody(
  requestBody: unknown,
  services: Pick<ApiServices, 'notifications'>,
): Promise<{ name: string; eventPattern: EventPattern; target: { url: string; headers?: Record<string, string> } } | string> {
  const body = parseJson(requestBody);
  if (typeof body !== 'object' || body === null) return 'The request body must be a JSON object.';
  const { name, eventPattern, target } = body as { name?: unknown; eventPattern?: unknown; target?: { url?: unknown; headers?: unknown } };
  if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name)) return 'name must be 1 to 64 letters, digits, _, . or -.';
  const problem = patternProblem(eventPattern);
  if (problem !== undefined) return problem;
  if (typeof target?.url !== 'string' || !/^https?:\/\//.test(target.url)) return 'target.url must be an http:// or https:// URL.';
  const headers = target.headers;
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Object.values(headers).some((value) => typeof value !== 'string'))) {
    return 'target.headers must map header names to strings.';
  }
  const targetProblem = await services.notifications.targetProblem(target.url);
  if (targetProblem !== undefined) return targetProblem;
  return { name, eventPattern: eventPattern as EventPattern, target: { url: target.url, ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}) } };
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ __type: 'ValidationException', message });
}
