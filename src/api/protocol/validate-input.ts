import { PipewrightError } from '../../core/errors/index.js';
import { shapeNamed, type Shape } from './service-model.js';

/**
 * Checks a request body against its input shape as AWS's front end does, and returns a copy holding
 * only the members the model knows (AWS ignores the others, so they must not reach the store).
 *
 * - A value of the wrong JSON type is a SerializationException: the request cannot be read at all.
 * - Missing required members and broken constraints (length, range, pattern, enum) are collected and
 *   reported together as one ValidationException, worded as AWS words them:
 *   `2 validation errors detected: Value null at 'pipeline.roleArn' failed to satisfy constraint: ...`.
 */
export function validateInput(shapeName: string, body: unknown): Record<string, unknown> {
  const problems: string[] = [];
  const cleaned = visit(shapeName, body ?? {}, '', problems);
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: `;
    throw new PipewrightError('ValidationException', count + problems.join('; '));
  }
  return cleaned as Record<string, unknown>;
}

function visit(shapeName: string, value: unknown, path: string, problems: string[]): unknown {
  const shape = shapeNamed(shapeName);
  switch (shape.type) {
    case 'structure':
      return visitStructure(shape, value, path, problems);
    case 'list':
      return visitList(shape, value, path, problems);
    case 'map':
      return visitMap(shape, value, path, problems);
    case 'string':
      return visitString(shape, value, path, problems);
    case 'integer':
    case 'long':
      return visitInteger(shape, value, path, problems);
    case 'double':
    case 'float':
      expectType(typeof value === 'number', value, 'number', path);
      return value;
    case 'boolean':
      expectType(typeof value === 'boolean', value, 'boolean', path);
      return value;
    case 'timestamp':
      // JSON 1.1 timestamps are epoch seconds; the SDKs send numbers.
      expectType(typeof value === 'number', value, 'timestamp (epoch seconds)', path);
      return value;
    case 'blob':
      expectType(typeof value === 'string', value, 'base64 string', path);
      return value;
  }
}

function visitStructure(shape: Extract<Shape, { type: 'structure' }>, value: unknown, path: string, problems: string[]): unknown {
  expectType(isPlainObject(value), value, 'structure', path);
  const input = value as Record<string, unknown>;
  const cleaned: Record<string, unknown> = {};
  for (const [member, target] of Object.entries(shape.members)) {
    const memberValue = input[member];
    const memberPath = path === '' ? member : `${path}.${member}`;
    if (memberValue === undefined || memberValue === null) {
      if (shape.required?.includes(member) === true) problems.push(violation(null, memberPath, 'Member must not be null'));
      continue;
    }
    cleaned[member] = visit(target.shape, memberValue, memberPath, problems);
  }
  return cleaned;
}

function visitList(shape: Extract<Shape, { type: 'list' }>, value: unknown, path: string, problems: string[]): unknown {
  expectType(Array.isArray(value), value, 'list', path);
  const items = value as unknown[];
  checkLength(items.length, shape, items, path, problems);
  return items.map((item, index) => {
    const itemPath = `${path}.${index + 1}.member`;
    if (item === null || item === undefined) {
      problems.push(violation(null, itemPath, 'Member must not be null'));
      return item;
    }
    return visit(shape.member.shape, item, itemPath, problems);
  });
}

function visitMap(shape: Extract<Shape, { type: 'map' }>, value: unknown, path: string, problems: string[]): unknown {
  expectType(isPlainObject(value), value, 'map', path);
  const entries = Object.entries(value as Record<string, unknown>);
  checkLength(entries.length, shape, value, path, problems);
  const cleaned: Record<string, unknown> = {};
  for (const [key, entryValue] of entries) {
    const keyProblems: string[] = [];
    visit(shape.key.shape, key, path, keyProblems);
    for (const problem of keyProblems) problems.push(problem.replace('Member must', 'Map keys must'));
    if (entryValue === null || entryValue === undefined) {
      problems.push(violation(null, `${path}.${key}`, 'Map value must not be null'));
      continue;
    }
    cleaned[key] = visit(shape.value.shape, entryValue, `${path}.${key}`, problems);
  }
  return cleaned;
}

function visitString(
  shape: Extract<Shape, { type: 'string' }>,
  value: unknown,
  path: string,
  problems: string[],
): unknown {
  expectType(typeof value === 'string', value, 'string', path);
  const text = value as string;
  // Secrets (SecretToken, approval tokens' peers) are never echoed back, not even in an error.
  const shown = shape.sensitive === true ? '***' : text;
  checkLength(text.length, shape, shown, path, problems);
  if (shape.pattern !== undefined && !compiledPattern(shape.pattern).test(text)) {
    problems.push(violation(shown, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
  }
  if (shape.enum !== undefined && !shape.enum.includes(text)) {
    problems.push(violation(shown, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
  }
  return text;
}

function visitInteger(shape: Extract<Shape, { type: 'integer' | 'long' }>, value: unknown, path: string, problems: string[]): unknown {
  expectType(typeof value === 'number' && Number.isInteger(value), value, 'integer', path);
  const number = value as number;
  if (shape.min !== undefined && number < shape.min) {
    problems.push(violation(number, path, `Member must have value greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && number > shape.max) {
    problems.push(violation(number, path, `Member must have value less than or equal to ${shape.max}`));
  }
  return number;
}

function checkLength(length: number, shape: { min?: number; max?: number }, shown: unknown, path: string, problems: string[]): void {
  if (shape.min !== undefined && length < shape.min) {
    problems.push(violation(shown, path, `Member must have length greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && length > shape.max) {
    problems.push(violation(shown, path, `Member must have length less than or equal to ${shape.max}`));
  }
}

function violation(value: unknown, path: string, constraint: string): string {
  const shown = value === null ? 'null' : typeof value === 'string' ? `'${value}'` : `'${JSON.stringify(value)}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function expectType(ok: boolean, value: unknown, expected: string, path: string): void {
  if (ok) return;
  const found = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'structure' : typeof value;
  throw new PipewrightError('SerializationException', `Expected ${withArticle(expected)} at '${path || '(request body)'}' but found ${found === 'null' ? found : withArticle(found)}.`);
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const patterns = new Map<string, RegExp>();

/** Model patterns are Java regular expressions, matched against the whole value. */
function compiledPattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${pattern})$`, 'su');
    patterns.set(pattern, compiled);
  }
  return compiled;
}
