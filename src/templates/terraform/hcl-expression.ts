/**
 * Terraform expressions, evaluated as far as their values are known: literals, strings with `${…}`,
 * tuples and objects, `var.*`, `local.*`, a dynamic block's iterator, references to resources (their
 * names and ARNs, see terraform-references.ts), conditionals, comparisons and a table of functions.
 * The expressions come parsed by the HCL parser (@cdktn/hcl2json's syntax tree); this file only walks
 * the tree. What it cannot know becomes `unknown`, which the caller turns into a named placeholder.
 */
export interface HclNode {
  type: string;
  meta?: Record<string, unknown>;
  children?: HclNode[];
}

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

/** A value nobody here can know: why, and what it is called in the configuration. */
export class UnknownValue {
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {}
}

export type Evaluated = HclValue | UnknownValue;

export interface HclScope {
  /** `var.x`, `local.x`, `each.value`, an iterator such as `stage.value`, `aws_s3_bucket.b.bucket`… */
  traverse(parts: readonly (string | number)[], expression: string): Evaluated;
}

type HclFunction = (args: HclValue[]) => HclValue;

const textOf = (value: HclValue): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));

/** Terraform's built-in functions a pipeline's configuration commonly uses. */
const functions: Readonly<Record<string, HclFunction>> = {
  jsonencode: ([value]) => JSON.stringify(value ?? null),
  jsondecode: ([text]) => JSON.parse(textOf(text ?? 'null')) as HclValue,
  tostring: ([value]) => (value === null || value === undefined ? null : textOf(value)),
  tonumber: ([value]) => Number(value),
  tobool: ([value]) => value === true || value === 'true',
  tolist: ([value]) => (Array.isArray(value) ? value : []),
  toset: ([value]) => (Array.isArray(value) ? [...new Set(value.map((item) => JSON.stringify(item)))].map((item) => JSON.parse(item) as HclValue) : []),
  lower: ([value]) => textOf(value ?? '').toLowerCase(),
  upper: ([value]) => textOf(value ?? '').toUpperCase(),
  trimspace: ([value]) => textOf(value ?? '').trim(),
  join: ([separator, list]) => (Array.isArray(list) ? list.map(textOf).join(textOf(separator ?? '')) : ''),
  split: ([separator, text]) => textOf(text ?? '').split(textOf(separator ?? '')),
  replace: ([text, search, replacement]) => textOf(text ?? '').split(textOf(search ?? '')).join(textOf(replacement ?? '')),
  concat: (lists) => lists.flatMap((list) => (Array.isArray(list) ? list : [])),
  merge: (maps) => Object.assign({}, ...maps.filter((map) => typeof map === 'object' && map !== null && !Array.isArray(map))) as HclValue,
  length: ([value]) => (Array.isArray(value) ? value.length : typeof value === 'string' ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0),
  index: ([list, value]) => (Array.isArray(list) ? list.findIndex((item) => JSON.stringify(item) === JSON.stringify(value)) : -1),
  element: ([list, index]) => (Array.isArray(list) && list.length > 0 ? (list[Number(index) % list.length] ?? null) : null),
  lookup: ([map, key, fallback]) => (typeof map === 'object' && map !== null && !Array.isArray(map) ? (map[textOf(key ?? '')] ?? fallback ?? null) : (fallback ?? null)),
  coalesce: (values) => values.find((value) => value !== null && value !== '') ?? null,
  format: ([pattern, ...args]) => {
    let next = 0;
    return textOf(pattern ?? '').replace(/%[sdv%]/g, (token) => (token === '%%' ? '%' : textOf(args[next++] ?? '')));
  },
  keys: ([map]) => (typeof map === 'object' && map !== null && !Array.isArray(map) ? Object.keys(map).sort() : []),
  values: ([map]) => (typeof map === 'object' && map !== null && !Array.isArray(map) ? Object.keys(map).sort().map((key) => map[key] ?? null) : []),
};

/** Binary operators by the name the syntax tree gives them. */
const binaryOperators: Readonly<Record<string, (left: HclValue, right: HclValue) => HclValue>> = {
  equal: (left, right) => JSON.stringify(left) === JSON.stringify(right),
  notEqual: (left, right) => JSON.stringify(left) !== JSON.stringify(right),
  add: (left, right) => Number(left) + Number(right),
  subtract: (left, right) => Number(left) - Number(right),
  multiply: (left, right) => Number(left) * Number(right),
  divide: (left, right) => Number(left) / Number(right),
  modulo: (left, right) => Number(left) % Number(right),
  lessThan: (left, right) => Number(left) < Number(right),
  greaterThan: (left, right) => Number(left) > Number(right),
  lessThanOrEqual: (left, right) => Number(left) <= Number(right),
  greaterThanOrEqual: (left, right) => Number(left) >= Number(right),
  and: (left, right) => left === true && right === true,
  or: (left, right) => left === true || right === true,
};

export function evaluateHcl(node: HclNode, scope: HclScope): Evaluated {
  const meta = node.meta ?? {};
  const children = node.children ?? [];
  const source = typeof meta.value === 'string' ? meta.value : node.type;
  switch (node.type) {
    case 'literalValue':
      return literal(meta);
    case 'templateWrap':
      return children[0] === undefined ? '' : evaluateHcl(children[0], scope);
    case 'template': {
      // A template of one interpolation is that value itself (`"${var.stages}"` is a list, not text).
      if (children.length === 1 && children[0]?.type !== 'literalValue') return evaluateHcl(children[0]!, scope);
      const parts = children.map((child) => evaluateHcl(child, scope));
      const unknown = parts.find((part): part is UnknownValue => part instanceof UnknownValue);
      return unknown ?? parts.map((part) => (part === null ? '' : textOf(part as HclValue))).join('');
    }
    case 'tuple':
      return collect(children.map((child) => evaluateHcl(child, scope)));
    case 'object':
      return objectOf(node, scope);
    case 'scopeTraversal':
    case 'relativeTraversal':
      return scope.traverse(traversalParts(meta), source);
    case 'function': {
      const name = typeof meta.name === 'string' ? meta.name : '';
      const run = functions[name];
      if (run === undefined) return new UnknownValue(source, `the function ${name} is not evaluated here`);
      const args = collect(children.map((child) => evaluateHcl(child, scope)));
      if (args instanceof UnknownValue) return args;
      return run(args);
    }
    case 'conditional': {
      const [condition, whenTrue, whenFalse] = children;
      if (condition === undefined || whenTrue === undefined || whenFalse === undefined) return new UnknownValue(source, 'a conditional without its three parts');
      const decided = evaluateHcl(condition, scope);
      if (decided instanceof UnknownValue) return decided;
      return evaluateHcl(decided === true ? whenTrue : whenFalse, scope);
    }
    case 'binaryOp': {
      const operator = typeof meta.operator === 'string' ? meta.operator : '';
      const [left, right] = children.map((child) => evaluateHcl(child, scope));
      const apply = binaryOperators[operator];
      if (apply === undefined || left === undefined || right === undefined) return new UnknownValue(source, `the operator ${operator} is not evaluated here`);
      if (left instanceof UnknownValue) return left;
      if (right instanceof UnknownValue) return right;
      return apply(left, right);
    }
    case 'unaryOp': {
      const operand = children[0] === undefined ? new UnknownValue(source, 'no operand') : evaluateHcl(children[0], scope);
      if (operand instanceof UnknownValue) return operand;
      return /not|!/i.test(String(meta.operator)) ? operand !== true : -Number(operand);
    }
    case 'index': {
      const [collection, key] = children.map((child) => evaluateHcl(child, scope));
      if (collection instanceof UnknownValue) return collection;
      if (key instanceof UnknownValue) return key;
      return indexInto(collection ?? null, key ?? null, source);
    }
    default:
      return new UnknownValue(source, `a ${node.type || 'kind of'} expression is not evaluated here`);
  }
}

function literal(meta: Record<string, unknown>): HclValue {
  const text = typeof meta.value === 'string' ? meta.value : '';
  switch (meta.type) {
    case 'number':
      return Number(text);
    case 'bool':
      return text === 'true';
    case 'null':
      return null;
    case 'dynamic':
      return text === 'null' ? null : text;
    default:
      return text;
  }
}

function collect(items: Evaluated[]): HclValue[] | UnknownValue {
  const unknown = items.find((item): item is UnknownValue => item instanceof UnknownValue);
  return unknown ?? (items as HclValue[]);
}

/**
 * An object's children are its keys and values in turn; a bare key (an identifier) has no text of its
 * own in the tree, only in `meta.items` (key → value source, in an order of its own), so it is found by
 * its value's source text. Keys whose values read the same get those same values: either way is right.
 */
function objectOf(node: HclNode, scope: HclScope): Evaluated {
  const remaining = Object.entries((node.meta?.items ?? {}) as Record<string, unknown>);
  const children = node.children ?? [];
  const result: Record<string, HclValue> = {};
  for (let index = 0; index + 1 < children.length; index += 2) {
    const keyNode = children[index]!;
    const valueNode = children[index + 1]!;
    let key: Evaluated | undefined;
    if (keyNode.type === '') {
      const found = remaining.findIndex(([, text]) => text === valueNode.meta?.value);
      key = found >= 0 ? remaining.splice(found, 1)[0]![0] : undefined;
    } else key = evaluateHcl(keyNode, scope);
    if (key instanceof UnknownValue) return key;
    if (key === undefined) return new UnknownValue(typeof node.meta?.value === 'string' ? node.meta.value : 'an object', 'a key of the object could not be read');
    const value = evaluateHcl(valueNode, scope);
    if (value instanceof UnknownValue) return value;
    result[textOf(key ?? '')] = value;
  }
  return result;
}

function traversalParts(meta: Record<string, unknown>): (string | number)[] {
  const traversal = Array.isArray(meta.traversal) ? (meta.traversal as { type: string; segment: string }[]) : [];
  return traversal.map((part) => {
    if (part.type !== 'indexTraversal') return part.segment;
    const segment = part.segment.replace(/^\[|\]$/g, '').trim();
    if (/^\d+$/.test(segment)) return Number(segment);
    return segment.replace(/^"|"$/g, '');
  });
}

export function indexInto(collection: HclValue, key: HclValue | string | number, expression: string): Evaluated {
  if (Array.isArray(collection) && typeof key === 'number') return collection[key] ?? new UnknownValue(expression, `index ${key} is outside the list`);
  if (typeof collection === 'object' && collection !== null && !Array.isArray(collection)) {
    const found = collection[textOf(key)];
    return found === undefined ? new UnknownValue(expression, `no key ${textOf(key)}`) : found;
  }
  return new UnknownValue(expression, `cannot index ${JSON.stringify(collection)}`);
}

/**
 * A string of hcl2json's output (`"Stage-${stage.value["name"]}"` unquoted) as HCL template source:
 * quoted, with the quotes and backslashes of its literal text escaped (never inside `${…}`).
 */
export function templateSource(text: string): string {
  let depth = 0;
  let result = '"';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (depth === 0 && (char === '$' || char === '%') && text[index + 1] === '{') {
      depth = 1;
      result += `${char}{`;
      index += 1;
      continue;
    }
    if (depth > 0) {
      if (char === '{') depth += 1;
      if (char === '}') depth -= 1;
      result += char;
      continue;
    }
    result += char === '"' || char === '\\' ? `\\${char}` : char === '\n' ? '\\n' : char;
  }
  return `${result}"`;
}
