import type { ExecutionState } from './state.js';

/**
 * Resolves `#{Namespace.Variable}` references just before an action runs (rule 18, rules.md): `codepipeline` (the
 * execution's own facts), `variables` (pipeline-level variables) and the namespaces of earlier actions.
 * A reference that cannot be resolved is an error for the action, with the reference and where it was.
 */
const referencePattern = /#\{([A-Za-z0-9@\-_]+)\.([^}]+)\}/g;

export type Resolution<T> = { ok: true; value: T } | { ok: false; message: string };

export function resolveValue(text: string, execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>, where: string): Resolution<string> {
  let failure: string | undefined;
  const value = text.replace(referencePattern, (reference, namespace: string, key: string) => {
    const resolved = lookup(execution, namespace, key);
    if (resolved === undefined) {
      failure ??= `Unable to resolve ${reference} in ${where}: ${explain(execution, namespace, key)}.`;
      return reference;
    }
    return resolved;
  });
  return failure === undefined ? { ok: true, value } : { ok: false, message: failure };
}

export function resolveRecord(
  record: Readonly<Record<string, string>>,
  execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>,
  where: (key: string) => string,
): Resolution<Record<string, string>> {
  const resolved: Record<string, string> = {};
  for (const [key, text] of Object.entries(record)) {
    const result = resolveValue(text, execution, where(key));
    if (!result.ok) return result;
    resolved[key] = result.value;
  }
  return { ok: true, value: resolved };
}

function lookup(execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>, namespace: string, key: string): string | undefined {
  if (namespace === 'codepipeline') return key === 'PipelineExecutionId' ? execution.id : undefined;
  if (namespace === 'variables') return execution.variables[key];
  return execution.namespaces[namespace]?.[key];
}

function explain(execution: Pick<ExecutionState, 'variables' | 'namespaces'>, namespace: string, key: string): string {
  if (namespace === 'codepipeline') return `the codepipeline namespace has only PipelineExecutionId`;
  if (namespace === 'variables') return `the pipeline variable ${key} has no value in this execution`;
  const produced = execution.namespaces[namespace];
  if (produced === undefined) return `no action that ran before it has the namespace ${namespace}`;
  return `the action with namespace ${namespace} produced no variable ${key}`;
}
