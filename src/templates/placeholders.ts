import type { Position } from './template-node.js';

/**
 * What a translation could not know and stood something in for. Every placeholder ends up named in
 * the output, with the option that sets it, so nothing invented passes unnoticed.
 *
 * - `resource-name`: a resource the template (or configuration) creates; its name is made up from the
 *   logical id, as CloudFormation makes one up when the template sets none (set it with --resource-name);
 * - `parameter`: a parameter or variable with no value and no default (--parameter / --var);
 * - `import`: `Fn::ImportValue`, another stack's export (--import-value);
 * - `unknown`: a value only AWS can give (an attribute nobody can compute here, an SSM or Secrets
 *   Manager dynamic reference, an expression the translation does not evaluate).
 */
export type PlaceholderKind = 'resource-name' | 'parameter' | 'import' | 'unknown';

export interface Placeholder {
  kind: PlaceholderKind;
  /** The thing the value stands for: `CodeBuildProject (AWS::CodeBuild::Project)`, `parameter BranchName`. */
  subject: string;
  /** The text that stands in the declaration. */
  value: string;
  /** How to give the real value. */
  hint: string;
  at?: Position;
}

/** The prefix of every made-up value that is not a plausible name: searchable, and valid in names and ARNs. */
export const unresolvedPrefix = 'UNRESOLVED-';

/** A made-up value for something unknown: `UNRESOLVED-Parameter-BranchName`, safe in names, ARNs and URLs. */
export function unresolvedText(kind: string, name: string): string {
  return `${unresolvedPrefix}${kind}-${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
}

/** Collects placeholders once each (the same parameter used ten times is one placeholder). */
export class PlaceholderRecorder {
  private readonly byKey = new Map<string, Placeholder>();
  /** How many times a placeholder was used, repeats counted: a decision taken meanwhile rested on one. */
  uses = 0;

  record(placeholder: Placeholder): string {
    this.uses += 1;
    const key = `${placeholder.kind}:${placeholder.subject}:${placeholder.value}`;
    if (!this.byKey.has(key)) this.byKey.set(key, placeholder);
    return placeholder.value;
  }

  all(): Placeholder[] {
    return [...this.byKey.values()];
  }
}
