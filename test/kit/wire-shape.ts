import { expect } from 'vitest';
import { errorCatalogue } from '../../src/core/errors/index.js';
import { operationNamed, shapeNamed } from '../../src/api/protocol/service-model.js';

/**
 * Checks raw JSON against a shape of AWS's service model, as a strict client would read it: required
 * members present, no member the model does not know, JSON types right, enums, lengths, ranges and
 * patterns respected, and timestamps as epoch seconds (numbers in a plausible range, not milliseconds).
 * Returns the problems found, each with its path.
 */
export function wireShapeProblems(shapeName: string, value: unknown, path = ''): string[] {
  const shape = shapeNamed(shapeName);
  const at = path === '' ? '(root)' : path;
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return [`${at}: expected a structure (${shapeName}), found ${describe(value)}`];
      const problems: string[] = [];
      for (const required of shape.required ?? []) {
        if (value[required] === undefined || value[required] === null) problems.push(`${join(path, required)}: required member of ${shapeName} is missing`);
      }
      for (const [member, memberValue] of Object.entries(value)) {
        const target = shape.members[member];
        if (target === undefined) problems.push(`${join(path, member)}: ${shapeName} has no member ${member}`);
        else if (memberValue === null) problems.push(`${join(path, member)}: null is never sent by AWS`);
        else problems.push(...wireShapeProblems(target.shape, memberValue, join(path, member)));
      }
      return problems;
    }
    case 'list': {
      if (!Array.isArray(value)) return [`${at}: expected a list (${shapeName}), found ${describe(value)}`];
      return [...lengthProblems(value.length, shape, at), ...value.flatMap((item, index) => wireShapeProblems(shape.member.shape, item, `${path}[${index}]`))];
    }
    case 'map': {
      if (!isObject(value)) return [`${at}: expected a map (${shapeName}), found ${describe(value)}`];
      const entries = Object.entries(value);
      return [
        ...lengthProblems(entries.length, shape, at),
        ...entries.flatMap(([key, entry]) => [...wireShapeProblems(shape.key.shape, key, `${path}{key ${key}}`), ...wireShapeProblems(shape.value.shape, entry, join(path, key))]),
      ];
    }
    case 'string': {
      if (typeof value !== 'string') return [`${at}: expected a string (${shapeName}), found ${describe(value)}`];
      const problems = lengthProblems(value.length, shape, at);
      if (shape.enum !== undefined && !shape.enum.includes(value)) problems.push(`${at}: '${value}' is not one of ${shape.enum.join('|')}`);
      if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`, 'su').test(value)) problems.push(`${at}: '${value}' does not match ${shape.pattern}`);
      return problems;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return [`${at}: expected an integer (${shapeName}), found ${describe(value)}`];
      const problems: string[] = [];
      if (shape.min !== undefined && value < shape.min) problems.push(`${at}: ${value} is below ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) problems.push(`${at}: ${value} is above ${shape.max}`);
      return problems;
    }
    case 'timestamp':
      if (typeof value !== 'number') return [`${at}: expected a timestamp in epoch seconds, found ${describe(value)}`];
      // 2001-09-09 to 2286-11-20 in seconds; epoch milliseconds would be far above.
      return value >= 1e9 && value < 1e10 ? [] : [`${at}: ${value} is not a timestamp in epoch seconds`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, found ${describe(value)}`];
    case 'double':
    case 'float':
      return typeof value === 'number' ? [] : [`${at}: expected a number, found ${describe(value)}`];
    case 'blob':
      return typeof value === 'string' ? [] : [`${at}: expected a base64 string, found ${describe(value)}`];
  }
}

/** Asserts that `json` is a valid output of `operation` (an operation without output answers `{}`). */
export function expectOutputShape(operation: string, json: unknown): void {
  const model = operationNamed(operation);
  if (model === undefined) throw new Error(`The service model has no operation ${operation}`);
  if (model.output === undefined) {
    expect(json, `${operation} has no output shape`).toEqual({});
    return;
  }
  expect(wireShapeProblems(model.output.shape, json), `${operation} output against ${model.output.shape}`).toEqual([]);
}

/** Asserts an error body as the AWS JSON 1.1 protocol sends it: exactly `__type` (a known exception) and `message`. */
export function expectErrorShape(json: unknown): void {
  expect(isObject(json) ? Object.keys(json).sort() : json).toEqual(['__type', 'message']);
  const body = json as { __type: unknown; message: unknown };
  expect(Object.keys(errorCatalogue)).toContain(body.__type);
  expect(typeof body.message).toBe('string');
}

export interface WireResponse {
  status: number;
  /** The parsed body: the operation's output, or `{ __type, message }`. */
  json: Record<string, unknown>;
  errorType: string | null;
}

/**
 * Calls an operation with a raw HTTP request, as an SDK would send it, and checks the answer against
 * the model: the output shape on 200, the error shape (and x-amzn-ErrorType header) otherwise.
 */
export async function callWire(baseUrl: string, operation: string, body: unknown): Promise<WireResponse> {
  const response = await fetch(`${baseUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CodePipeline_20150709.${operation}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  const errorType = response.headers.get('x-amzn-errortype');
  if (response.status === 200) {
    expectOutputShape(operation, json);
  } else {
    expectErrorShape(json);
    expect(errorType).toBe(json.__type);
  }
  return { status: response.status, json, errorType };
}

function lengthProblems(length: number, shape: { min?: number; max?: number }, at: string): string[] {
  const problems: string[] = [];
  if (shape.min !== undefined && length < shape.min) problems.push(`${at}: length ${length} is below ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) problems.push(`${at}: length ${length} is above ${shape.max}`);
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

function join(path: string, member: string): string {
  return path === '' ? member : `${path}.${member}`;
}
