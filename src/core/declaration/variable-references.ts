/**
 * Variable references as CodePipeline writes them in configuration values: `#{Namespace.Variable}`.
 * `Namespace` is an action's namespace, `variables` (pipeline-level variables) or `codepipeline`
 * (execution metadata). Both parts use the namespace alphabet of the model, `[A-Za-z0-9@\-_]+`.
 * Text that only looks similar (`#{x}`, `#{a.b.c}`, Ruby's `"#{1+1}"` in a command) is not a
 * reference and stays literal, so it neither fails validation nor gets replaced at run time.
 *
 * Validation (Create/UpdatePipeline) and the engine (resolving values just before an action or rule
 * runs) share this one reading.
 */
export interface VariableReference {
  /** The whole token, `#{Namespace.Variable}`. */
  token: string;
  namespace: string;
  variable: string;
  /** Offset of `#` in the scanned text. */
  index: number;
}

export const pipelineVariablesNamespace = 'variables';
export const executionNamespace = 'codepipeline';
/** The variables the `codepipeline` namespace provides. */
export const executionVariables: readonly string[] = ['PipelineExecutionId'];

const referencePattern = /#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\}/g;

export function findVariableReferences(text: string): VariableReference[] {
  return [...text.matchAll(referencePattern)].map((match) => ({
    token: match[0],
    namespace: match[1] ?? '',
    variable: match[2] ?? '',
    index: match.index,
  }));
}

/** Replaces every reference by what `resolve` answers for it; `undefined` keeps the token as written. */
export function replaceVariableReferences(text: string, resolve: (reference: VariableReference) => string | undefined): string {
  return text.replace(referencePattern, (token: string, namespace: string, variable: string, index: number) => {
    return resolve({ token, namespace, variable, index }) ?? token;
  });
}
