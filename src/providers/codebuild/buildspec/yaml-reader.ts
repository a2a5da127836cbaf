import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { BuildConfigurationError } from '../configuration-error.js';

/**
 * Reads a YAML document node by node, so that every complaint names the file, the line, the column
 * and the path of what is wrong (`buildspec.yml line 12, column 9: phases.build.commands[2] …`).
 */
export class YamlReader {
  constructor(
    private readonly source: string,
    private readonly lineCounter: LineCounter,
    private readonly fileName: string,
  ) {}

  fail(node: Node | null | undefined, path: string, message: string): never {
    const offset = node?.range?.[0];
    const where = offset === undefined ? this.fileName : `${this.fileName} line ${this.position(offset)}`;
    throw new BuildConfigurationError(`${where}: ${path === '' ? '' : `${path} `}${message}`);
  }

  position(offset: number): string {
    const { line, col } = this.lineCounter.linePos(offset);
    return `${line}, column ${col}`;
  }

  /**
   * The entries of a mapping, with string keys. A key not in `allowed` (when given) is refused, or, with
   * `unknown`, handed to it and left out (CodeBuild warns about such keys and goes on).
   */
  entries(
    node: unknown,
    path: string,
    allowed?: readonly string[],
    unknown?: (key: string, keyNode: Node) => void,
  ): Array<{ key: string; value: Node | null; keyNode: Node }> {
    if (!isMap(node)) this.fail(node as Node, path, 'must be a mapping');
    const entries: Array<{ key: string; value: Node | null; keyNode: Node }> = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      if (!isScalar(keyNode)) this.fail(keyNode, path, 'has a key that is not a plain name');
      const key = this.scalarText(keyNode);
      if (allowed !== undefined && !allowed.includes(key)) {
        if (unknown === undefined) this.fail(keyNode, join(path, key), `is not a buildspec key here (expected one of: ${allowed.join(', ')})`);
        unknown(key, keyNode);
        continue;
      }
      entries.push({ key, value: (pair.value as Node | null) ?? null, keyNode });
    }
    return entries;
  }

  /** A scalar as text; numbers and booleans as written (`1.10` stays `1.10`, `yes` stays `yes`). */
  string(node: unknown, path: string): string {
    if (!isScalar(node)) {
      const hint = isMap(node) ? " (a ': ' inside a plain value makes YAML read a mapping: quote the value)" : '';
      this.fail(node as Node | null, path, `must be a string${hint}`);
    }
    return this.scalarText(node);
  }

  /** A list of strings; a single string is taken as a list of one where `single` allows it. */
  strings(node: unknown, path: string, options: { single?: boolean } = {}): string[] {
    if (isScalar(node) && options.single === true && node.value !== null) return [this.scalarText(node)];
    if (!isSeq(node)) this.fail(node as Node | null, path, 'must be a list');
    return node.items.map((item, index) => this.string(item, `${path}[${index}]`));
  }

  /** The items of a list. */
  list(node: unknown, path: string): (Node | null)[] {
    if (!isSeq(node)) this.fail(node as Node | null, path, 'must be a list');
    return node.items.map((item) => (item as Node | null) ?? null);
  }

  /** yes/no or true/false. */
  flag(node: unknown, path: string): boolean {
    const text = this.string(node, path).toLowerCase();
    if (text === 'yes' || text === 'true') return true;
    if (text === 'no' || text === 'false') return false;
    this.fail(node as Node, path, 'must be yes or no');
  }

  stringMap(node: unknown, path: string): Record<string, string> {
    const map: Record<string, string> = {};
    if (node === null || (isScalar(node) && node.value === null)) return map;
    for (const { key, value } of this.entries(node, path)) map[key] = this.string(value, join(path, key));
    return map;
  }

  private scalarText(node: Node): string {
    if (!isScalar(node)) return '';
    if (typeof node.value === 'string') return node.value;
    if (node.value === null) return '';
    // A plain scalar that YAML read as a number or boolean: take it as written.
    const range = node.range;
    if (node.type === 'PLAIN' && range !== undefined && range !== null) return this.source.slice(range[0], range[1]);
    const value: unknown = node.value;
    return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : '';
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
