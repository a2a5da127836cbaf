import type { DeclarationPath, SourceMap } from '../source-map.js';
import { ValueError } from '../template-error.js';
import type { MapEntry, Position, TemplateNode } from '../template-node.js';
import { memberName, type PropertyShape } from './pipeline-properties.js';
import type { TemplateEvaluator } from './template-evaluator.js';
import { describeValue, noValueMarker, scalarText, type Evaluated, type Value } from './values.js';

/**
 * Walks a property of a template against its shape (pipeline-properties.ts): evaluates intrinsic
 * functions where they are, drops what `AWS::NoValue` removes, refuses properties the shape does not
 * have, renames the rest to the API's members and records where each was written.
 */
export class PropertyTranslator {
  constructor(
    private readonly evaluator: TemplateEvaluator,
    private readonly sourceMap: SourceMap,
    private readonly notes: Set<string>,
  ) {}

  translate(node: TemplateNode, shape: PropertyShape, path: DeclarationPath): unknown {
    const resolved = this.resolve(node);
    if (resolved === undefined) return undefined;
    this.sourceMap.set(path, resolved.at);
    switch (shape.kind) {
      case 'string':
        return this.text(resolved, path);
      case 'integer':
        return this.integer(resolved, path);
      case 'stringList':
        return this.items(resolved, path).map((item, index) => this.text(item, [...path, index]));
      case 'configuration':
        return this.configuration(resolved, path);
      case 'list':
        return this.items(resolved, path).map((item, index) => this.translate(item, shape.of, [...path, index]));
      case 'structure':
        return this.structure(resolved, shape, path);
    }
  }

  /** The node with its functions evaluated (a value that comes out of a function keeps the function's position). */
  resolve(node: TemplateNode): TemplateNode | undefined {
    if (!this.isFunctionNode(node)) return node;
    const value = this.evaluator.evaluate(node);
    return value === noValueMarker ? undefined : nodeOf(value, node.at);
  }

  private isFunctionNode(node: TemplateNode): boolean {
    if (node.kind === 'string') return true;
    if (node.kind !== 'map' || node.entries.length !== 1) return false;
    const key = node.entries[0]?.key ?? '';
    return key === 'Ref' || key.startsWith('Fn::');
  }

  private items(node: TemplateNode, path: DeclarationPath): TemplateNode[] {
    if (node.kind !== 'list') throw new ValueError(`${describePath(path)} must be a list`, node.at);
    return node.items.map((item) => this.resolve(item)).filter((item): item is TemplateNode => item !== undefined);
  }

  private structure(node: TemplateNode, shape: Extract<PropertyShape, { kind: 'structure' }>, path: DeclarationPath): Record<string, unknown> {
    if (node.kind !== 'map') throw new ValueError(`${describePath(path)} must be a mapping (${shape.name})`, node.at);
    const result: Record<string, unknown> = {};
    for (const entry of node.entries) {
      const member = shape.members[entry.key];
      if (member === undefined) throw unknownProperty(entry, shape);
      const value = this.translate(entry.value, member, [...path, memberName(entry.key)]);
      if (value !== undefined) result[memberName(entry.key)] = value;
    }
    return result;
  }

  private configuration(node: TemplateNode, path: DeclarationPath): Record<string, string> {
    let entries: MapEntry[];
    if (node.kind === 'string') {
      // CloudFormation also takes the configuration as a JSON text.
      const parsed = parseJsonObject(node.value, node.at, path);
      entries = Object.entries(parsed).map(([key, value]) => ({ key, keyAt: node.at, value: nodeOf(value as Value, node.at) }));
    } else if (node.kind === 'map') entries = node.entries;
    else throw new ValueError(`${describePath(path)} must be a mapping`, node.at);
    const result: Record<string, string> = {};
    for (const entry of entries) {
      const value = this.resolve(entry.value);
      if (value === undefined) continue;
      this.sourceMap.set([...path, entry.key], entry.keyAt);
      if (value.kind === 'list' || value.kind === 'map') {
        const plain = this.evaluator.evaluate(value);
        this.notes.add(`configuration ${entry.key} (${describePath(path)}) is ${describeValue(plain)}; written as JSON text, as the API takes only strings`);
        result[entry.key] = JSON.stringify(plain);
        continue;
      }
      result[entry.key] = this.text(value, [...path, entry.key]);
    }
    return result;
  }

  private text(node: TemplateNode, path: DeclarationPath): string {
    const value: Evaluated = this.evaluator.evaluate(node);
    const text = value === noValueMarker ? undefined : scalarText(value);
    if (text === undefined) throw new ValueError(`${describePath(path)} must be a string; got ${describeValue(value)}`, node.at);
    return text;
  }

  private integer(node: TemplateNode, path: DeclarationPath): number {
    const value = this.evaluator.evaluate(node);
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number)) throw new ValueError(`${describePath(path)} must be a whole number; got ${describeValue(value)}`, node.at);
    return number;
  }
}

/** A value that came out of a function, as a node at the function's position. */
export function nodeOf(value: Value, at: Position): TemplateNode {
  if (typeof value === 'string') return { kind: 'string', value: value, at };
  if (typeof value === 'number') return { kind: 'number', value, text: String(value), at };
  if (typeof value === 'boolean') return { kind: 'boolean', value, at };
  if (value === null) return { kind: 'null', at };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => nodeOf(item, at)), at };
  return { kind: 'map', entries: Object.entries(value).map(([key, item]) => ({ key, keyAt: at, value: nodeOf(item, at) })), at };
}

function unknownProperty(entry: MapEntry, shape: Extract<PropertyShape, { kind: 'structure' }>): ValueError {
  return new ValueError(`${shape.name} has no property ${entry.key} (its properties: ${Object.keys(shape.members).join(', ')})`, entry.keyAt);
}

function parseJsonObject(text: string, at: Position, path: DeclarationPath): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValueError(`${describePath(path)} must be a mapping, or a JSON object as text`, at);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ValueError(`${describePath(path)} must be a JSON object`, at);
  return parsed as Record<string, unknown>;
}

/** `stages[1].actions[0].configuration`: a path as a message names it. */
export function describePath(path: DeclarationPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}
