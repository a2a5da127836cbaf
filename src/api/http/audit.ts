import type { Store } from '../../core/contracts/store.js';
import type { ApiLimits } from '../services.js';

/**
 * Which calls the audit records: every call that can change something. Reads (Get*, List*) and the
 * polls job workers repeat every few seconds (PollFor*) are not recorded.
 */
export function isAudited(operation: string): boolean {
  return !/^(Get|List|PollFor)/.test(operation);
}

/**
 * The most characters each field of an audit record keeps. A refused call's input is whatever the caller
 * sent: a 7 MB pipeline name must cost the audit table a few hundred bytes, not 15 MB (the name and its
 * index entry). Pipeline names are at most 100 characters (AWS's model), ARNs at most 2048.
 */
export const auditFieldBounds = { pipelineName: 100, principal: 2048, operation: 64, requestId: 64, outcome: 128, message: 1024 } as const;

/** Every this many records, the audit is trimmed to its retention cap (`ApiLimits.maxAuditRecords`). */
const trimEvery = 100;
const appendedSince = new WeakMap<object, number>();

/** The pipeline a call is about, when its input names one. */
export function pipelineNameOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  for (const candidate of [record.pipelineName, record.name, (record.pipeline as Record<string, unknown> | undefined)?.name]) {
    if (typeof candidate === 'string') return candidate;
  }
  return undefined;
}

export async function recordAudit(
  services: { store: Pick<Store, 'appendAudit' | 'trimAudit'>; limits: Pick<ApiLimits, 'maxAuditRecords'> },
  entry: { time: number; requestId: string; principal: string; operation: string; input: unknown; outcome: string; message?: string },
): Promise<void> {
  const { store } = services;
  const pipelineName = pipelineNameOf(entry.input);
  await store.appendAudit({
    time: entry.time,
    requestId: bounded(entry.requestId, auditFieldBounds.requestId),
    principal: bounded(entry.principal, auditFieldBounds.principal),
    operation: bounded(entry.operation, auditFieldBounds.operation),
    outcome: bounded(entry.outcome, auditFieldBounds.outcome),
    ...(pipelineName !== undefined ? { pipelineName: bounded(pipelineName, auditFieldBounds.pipelineName) } : {}),
    ...(entry.message !== undefined ? { message: bounded(entry.message, auditFieldBounds.message) } : {}),
  });
  const count = (appendedSince.get(store) ?? 0) + 1;
  appendedSince.set(store, count % trimEvery);
  if (count >= trimEvery) await store.trimAudit(services.limits.maxAuditRecords);
}

/** `text` cut to `max` characters, saying how long it was when it was cut. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `… (${text.length} characters)`;
  return `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}
