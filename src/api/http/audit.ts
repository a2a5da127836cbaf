import type { Store } from '../../core/contracts/store.js';

/**
 * Which calls the audit records: every call that can change something. Reads (Get*, List*) and the
 * polls job workers repeat every few seconds (PollFor*) are not recorded.
 */
export function isAudited(operation: string): boolean {
  return !/^(Get|List|PollFor)/.test(operation);
}

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
  store: Pick<Store, 'appendAudit'>,
  entry: { time: number; requestId: string; principal: string; operation: string; input: unknown; outcome: string; message?: string },
): Promise<void> {
  const pipelineName = pipelineNameOf(entry.input);
  await store.appendAudit({
    time: entry.time,
    requestId: entry.requestId,
    principal: entry.principal,
    operation: entry.operation,
    outcome: entry.outcome,
    ...(pipelineName !== undefined ? { pipelineName } : {}),
    ...(entry.message !== undefined ? { message: entry.message.slice(0, 2000) } : {}),
  });
}
