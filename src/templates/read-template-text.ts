import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { shortFormTags } from './cloudformation/short-form-tags.js';
import { TemplateError, TemplateSyntaxError } from './template-error.js';
import type { MapEntry, Position, TemplateNode } from './template-node.js';

/**
 * Reads a template's text, YAML or JSON (YAML 1.2 reads JSON too), into a tree of located values. The
 * YAML short forms of CloudFormation's intrinsic functions become their long form on the way, so the
 * rest of the translation sees only `{ "Fn::Sub": … }`, whichever way the template was written.
 */
export function readTemplateText(text: string, source: string): TemplateNode {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): Position => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  const [error] = document.errors;
  if (error !== undefined) throw new TemplateSyntaxError(`not valid YAML or JSON: ${firstLine(error.message)}`, source, at(error.pos[0]));
  if (document.contents === null) throw new TemplateError('the file is empty', source, { line: 1, column: 1 });
  return new NodeReader(document, source, at).read(document.contents);
}

class NodeReader {
  constructor(
    private readonly document: Document,
    private readonly source: string,
    private readonly at: (offset: number | undefined) => Position,
  ) {}

  read(node: Node | null, depth = 0): TemplateNode {
    if (depth > 200) throw new TemplateError('values are nested too deeply', this.source, this.at(node?.range?.[0]));
    if (node === null) return { kind: 'null', at: this.at(undefined) };
    if (isAlias(node)) return this.read(node.resolve(this.document) ?? null, depth + 1);
    const at = this.at(node.range?.[0]);
    const plain = this.readUntagged(node, at, depth);
    const tag = node.tag;
    if (tag === undefined || !tag.startsWith('!')) return plain;
    const longForm = shortFormTags[tag];
    if (longForm === undefined) {
      throw new TemplateError(`${tag} is not a CloudFormation intrinsic function (known short forms: ${Object.keys(shortFormTags).join(', ')})`, this.source, at);
    }
    // `!GetAtt Resource.Attribute` is the one short form whose scalar becomes a list in the long form.
    const argument =
      longForm === 'Fn::GetAtt' && plain.kind === 'string' ? getAttArgument(plain.value, plain.at, this.source) : plain;
    return { kind: 'map', entries: [{ key: longForm, keyAt: at, value: argument }], at };
  }

  private readUntagged(node: Node, at: Position, depth: number): TemplateNode {
    if (isMap(node)) {
      const entries: MapEntry[] = node.items.map((pair) => {
        const key = pair.key as Node | null;
        const keyText = key !== null && isScalar(key) ? String(key.value) : String(key);
        return { key: keyText, keyAt: this.at(key?.range?.[0]), value: this.read(pair.value as Node | null, depth + 1) };
      });
      return { kind: 'map', entries, at };
    }
    if (isSeq(node)) return { kind: 'list', items: node.items.map((item) => this.read(item as Node | null, depth + 1)), at };
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return { kind: 'string', value, at };
      if (typeof value === 'number') return { kind: 'number', value, text: node.source ?? String(value), at };
      if (typeof value === 'boolean') return { kind: 'boolean', value, at };
      if (value === null || value === undefined) return { kind: 'null', at };
      return { kind: 'string', value: JSON.stringify(value), at };
    }
    throw new TemplateError('a value of a kind templates do not use', this.source, at);
  }
}

function getAttArgument(text: string, at: Position, source: string): TemplateNode {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) throw new TemplateError(`!GetAtt takes LogicalId.Attribute; got ${JSON.stringify(text)}`, source, at);
  return {
    kind: 'list',
    items: [
      { kind: 'string', value: text.slice(0, dot), at },
      { kind: 'string', value: text.slice(dot + 1), at },
    ],
    at,
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
