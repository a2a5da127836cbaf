/**
 * A template as a tree of values that remember where they were written, so that every refusal can
 * name the template's line and column. Both CloudFormation's YAML (short-form tags already turned into
 * their long form, `!Ref X` → `{ Ref: X }`) and its JSON are read into this one shape.
 */
export interface Position {
  line: number;
  column: number;
}

export type TemplateNode =
  | { kind: 'string'; value: string; at: Position }
  /** `text` is the number as written (`1.0` stays `1.0` when it becomes a string, as CloudFormation passes it). */
  | { kind: 'number'; value: number; text: string; at: Position }
  | { kind: 'boolean'; value: boolean; at: Position }
  | { kind: 'null'; at: Position }
  | { kind: 'list'; items: TemplateNode[]; at: Position }
  | { kind: 'map'; entries: MapEntry[]; at: Position };

export interface MapEntry {
  key: string;
  keyAt: Position;
  value: TemplateNode;
}

export type MapNode = Extract<TemplateNode, { kind: 'map' }>;
export type ListNode = Extract<TemplateNode, { kind: 'list' }>;

export function entryOf(map: MapNode, key: string): MapEntry | undefined {
  return map.entries.find((entry) => entry.key === key);
}

export function valueOf(map: MapNode, key: string): TemplateNode | undefined {
  return entryOf(map, key)?.value;
}

export function isMapNode(node: TemplateNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

/** The node's value as plain data (no functions evaluated): for messages and for sections read as they are. */
export function plainOf(node: TemplateNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'list':
      return node.items.map(plainOf);
    case 'map':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, plainOf(entry.value)]));
  }
}

export function describePosition(at: Position | undefined): string {
  return at === undefined ? '' : `line ${at.line}, column ${at.column}`;
}
