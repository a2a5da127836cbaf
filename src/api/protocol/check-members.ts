import { PipewrightError } from '../../core/errors/index.js';

/**
 * Input checks for the services on the endpoint that have no vendored model (SSM, Secrets Manager),
 * as a table per operation. Words problems as AWS's front end does:
 * `1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null`
 * (member names in lower camel case, values of sensitive members never echoed). A value of the wrong
 * JSON type is a SerializationException. Members the table does not know are dropped, as AWS ignores them.
 */
export type MemberRule =
  | { type: 'string'; required?: boolean; min?: number; max?: number; enum?: readonly string[]; sensitive?: boolean }
  | { type: 'strings'; required?: boolean; min?: number; max?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean' }
  /** Structures and lists of structures the operation reads itself (filters, tags). */
  | { type: 'object' | 'objects' };

export function checkMembers<T>(body: Record<string, unknown>, rules: Readonly<Record<string, MemberRule>>): T {
  const problems: string[] = [];
  const checked: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = body[name];
    const at = name.charAt(0).toLowerCase() + name.slice(1);
    if (value === undefined || value === null) {
      if ('required' in rule && rule.required === true) problems.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkType(rule, value, name);
    problems.push(...constraintProblems(rule, value, at));
    checked[name] = value;
  }
  if (problems.length > 0) {
    throw new PipewrightError('ValidationException', `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
  return checked as T;
}

function checkType(rule: MemberRule, value: unknown, name: string): void {
  const ok = {
    string: typeof value === 'string',
    strings: Array.isArray(value) && value.every((item) => typeof item === 'string'),
    integer: typeof value === 'number' && Number.isInteger(value),
    boolean: typeof value === 'boolean',
    object: typeof value === 'object' && !Array.isArray(value),
    objects: Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item)),
  }[rule.type];
  if (!ok) throw new PipewrightError('SerializationException', `${name} must be ${rule.type === 'strings' ? 'a list of strings' : `a JSON ${rule.type}`}.`);
}

function constraintProblems(rule: MemberRule, value: unknown, at: string): string[] {
  const shown = (v: unknown): string => (rule.type === 'string' && rule.sensitive === true ? 'Value' : `Value '${String(v)}'`);
  const problems: string[] = [];
  if (rule.type === 'string' && typeof value === 'string') {
    if (rule.min !== undefined && value.length < rule.min) problems.push(`${shown(value)} at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) problems.push(`${shown(value)} at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
    if (rule.enum !== undefined && !rule.enum.includes(value)) {
      problems.push(`${shown(value)} at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
    }
  }
  if (rule.type === 'strings' && Array.isArray(value)) {
    if (rule.min !== undefined && value.length < rule.min) problems.push(`Value '[${value.join(', ')}]' at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) problems.push(`Value '[${value.join(', ')}]' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.type === 'integer' && typeof value === 'number') {
    if (rule.min !== undefined && value < rule.min) problems.push(`Value '${value}' at '${at}' failed to satisfy constraint: Member must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) problems.push(`Value '${value}' at '${at}' failed to satisfy constraint: Member must have value less than or equal to ${rule.max}`);
  }
  return problems;
}
