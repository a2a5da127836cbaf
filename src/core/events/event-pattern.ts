/**
 * EventBridge event patterns, for notification rules: a pattern matches an event when every field it
 * names matches. A list of values matches when the event's value (or any element of an array value)
 * equals one of them or satisfies one of the content filters: `{prefix}`, `{suffix}`, `{anything-but}`,
 * `{exists}`, `{equals-ignore-case}`, `{numeric: [op, n, …]}`. A nested object recurses.
 */
export type EventPattern = { [field: string]: EventPattern | readonly PatternValue[] };

export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { suffix: string }
  | { 'anything-but': string | number | readonly (string | number)[] | { prefix: string } }
  | { exists: boolean }
  | { 'equals-ignore-case': string }
  | { numeric: readonly (string | number)[] };

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = record[field];
    if (Array.isArray(expected)) return matchesValues(expected as readonly PatternValue[], actual, field in record);
    return matchesPattern(expected as EventPattern, actual);
  });
}

function matchesValues(values: readonly PatternValue[], actual: unknown, present: boolean): boolean {
  const candidates = Array.isArray(actual) ? (actual as unknown[]) : [actual];
  return values.some((value) => {
    if (isFilter(value) && 'exists' in value) return value.exists === present;
    if (!present) return false;
    return candidates.some((candidate) => matchesOne(value, candidate));
  });
}

function matchesOne(value: PatternValue, actual: unknown): boolean {
  if (!isFilter(value)) return value === actual;
  if ('prefix' in value) return typeof actual === 'string' && actual.startsWith(value.prefix);
  if ('suffix' in value) return typeof actual === 'string' && actual.endsWith(value.suffix);
  if ('equals-ignore-case' in value) return typeof actual === 'string' && actual.toLowerCase() === value['equals-ignore-case'].toLowerCase();
  if ('anything-but' in value) {
    const excluded = value['anything-but'];
    if (typeof excluded === 'object' && excluded !== null && !Array.isArray(excluded)) {
      return typeof actual === 'string' && !actual.startsWith((excluded as { prefix: string }).prefix);
    }
    return !(Array.isArray(excluded) ? (excluded as unknown[]) : [excluded]).includes(actual);
  }
  if ('numeric' in value) return typeof actual === 'number' && numericHolds(value.numeric, actual);
  return false;
}

function numericHolds(conditions: readonly (string | number)[], actual: number): boolean {
  for (let index = 0; index + 1 < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const holds =
      operator === '=' ? actual === bound : operator === '<' ? actual < bound : operator === '<=' ? actual <= bound : operator === '>' ? actual > bound : operator === '>=' ? actual >= bound : false;
    if (!holds) return false;
  }
  return true;
}

function isFilter(value: PatternValue): value is Extract<PatternValue, object> {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is a well-formed pattern; a reason when not (for the API's ValidationException). */
export function patternProblem(value: unknown, path = 'eventPattern'): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object of fields.`;
  for (const [field, expected] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(expected)) {
      if (expected.length === 0) return `${path}.${field} must list at least one value.`;
      continue;
    }
    const nested = patternProblem(expected, `${path}.${field}`);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
