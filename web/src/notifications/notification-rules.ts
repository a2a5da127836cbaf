import { ApiError, getApi } from '../api/client.js';

/** `GET /api/notification-rules`: where Pipewright posts matching events (header values are write-only, answered masked). */
export interface NotificationRule {
  id: string;
  name: string;
  eventPattern: { 'detail-type'?: string[]; detail?: { pipeline?: string[]; state?: string[] } & Record<string, unknown> } & Record<string, unknown>;
  target: { url: string; headers?: Record<string, string> };
}

export type RuleBody = Pick<NotificationRule, 'name' | 'eventPattern'> & { target: { url: string; headers?: Record<string, string> } };

export async function listRules(): Promise<NotificationRule[]> {
  return (await getApi<{ rules: NotificationRule[] }>('/api/notification-rules')).rules;
}

/** Creates a rule (no id) or changes one in place (PUT keeps its id, its place in the event log and, when none are given, its headers). */
export function saveRule(id: string | undefined, body: RuleBody): Promise<NotificationRule> {
  return send(id === undefined ? 'POST' : 'PUT', id === undefined ? '/api/notification-rules' : `/api/notification-rules/${encodeURIComponent(id)}`, body) as Promise<NotificationRule>;
}

export async function deleteRule(id: string): Promise<void> {
  await send('DELETE', `/api/notification-rules/${encodeURIComponent(id)}`, undefined);
}

async function send(method: string, path: string, body: unknown): Promise<unknown> {
  // JSON, as the server's CSRF guard requires of a browser's writes.
  const response = await fetch(path, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (response.status === 204) return undefined;
  const answer = (await response.json().catch(() => ({}))) as { __type?: string; message?: string };
  if (!response.ok) throw new ApiError((answer.__type ?? 'Error').split('#').at(-1) ?? 'Error', answer.message ?? `The server answered ${response.status}.`, response.status);
  return answer;
}

/** The events a rule can follow, as EventBridge names them, and the states each can report (AWS's CodePipeline event reference). */
export const eventKinds = [
  { detailType: 'CodePipeline Pipeline Execution State Change', label: 'Pipeline executions', states: ['STARTED', 'SUCCEEDED', 'FAILED', 'STOPPING', 'STOPPED', 'SUPERSEDED', 'CANCELED', 'RESUMED'] },
  { detailType: 'CodePipeline Stage Execution State Change', label: 'Stage executions', states: ['STARTED', 'SUCCEEDED', 'FAILED', 'STOPPING', 'STOPPED', 'CANCELED', 'RESUMED'] },
  { detailType: 'CodePipeline Action Execution State Change', label: 'Action executions', states: ['STARTED', 'SUCCEEDED', 'FAILED', 'ABANDONED', 'CANCELED'] },
] as const;

export const allStates = [...new Set(eventKinds.flatMap((kind) => [...kind.states]))];

/** Header lines as typed ("Name: value" each) → a header map; blank lines ignored. */
export function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n').map((candidate) => candidate.trim()).filter((candidate) => candidate !== '')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `“${line}” is not a header: write Name: value.`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
