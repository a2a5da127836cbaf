import { ValueError } from '../template-error.js';
import type { ListNode, Position, TemplateNode } from '../template-node.js';
import { subPieces } from './sub-string.js';
import { describeValue, isPlainObject, noValueMarker, scalarText, type Evaluated, type Value } from './values.js';

/** What the intrinsic functions need from the template they are evaluated in. */
export interface FunctionScope {
  evaluate(node: TemplateNode): Evaluated;
  /** `Ref`: a parameter, pseudo parameter or resource. */
  ref(name: string, at: Position): Evaluated;
  getAtt(logicalId: string, attribute: string, at: Position): string;
  condition(name: string, at: Position): boolean;
  findInMap(map: string, topKey: string, secondKey: string, at: Position): Evaluated | undefined;
  importValue(name: string, at: Position): string;
  region: string;
}

type IntrinsicFunction = (argument: TemplateNode, scope: FunctionScope, at: Position) => Evaluated;

/**
 * CloudFormation's intrinsic functions, each as AWS documents it ("Intrinsic function reference"), one
 * row per function. `Fn::If` evaluates only the branch its condition takes, so a branch that names a
 * resource the stack does not create is never looked at, as in CloudFormation.
 */
export const intrinsicFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  Ref: (argument, scope, at) => scope.ref(stringArgument(argument, 'Ref'), at),
  'Fn::GetAtt': (argument, scope, at) => {
    const [logicalId, attribute] = argument.kind === 'list' ? argument.items.map((item) => stringOf(scope.evaluate(item), 'Fn::GetAtt', item.at)) : [];
    if (logicalId === undefined || attribute === undefined) throw new ValueError('Fn::GetAtt takes [LogicalId, Attribute]', at);
    return scope.getAtt(logicalId, attribute, at);
  },
  'Fn::Sub': (argument, scope, at) => {
    const [template, variablesNode] = argument.kind === 'list' ? argument.items : [argument];
    if (template?.kind !== 'string') throw new ValueError('Fn::Sub takes a string, or [string, {variables}]', at);
    const variables = variablesNode === undefined ? {} : scope.evaluate(variablesNode);
    if (!isPlainObject(variables)) throw new ValueError('the second item of Fn::Sub is a mapping of variables', variablesNode?.at ?? at);
    return subPieces(template.value)
      .map((piece) => {
        if ('literal' in piece) return piece.literal;
        const given = variables[piece.variable];
        if (given !== undefined) return stringOf(given, `the Fn::Sub variable ${piece.variable}`, at);
        const dot = piece.variable.indexOf('.');
        if (dot > 0 && !piece.variable.startsWith('AWS::')) return scope.getAtt(piece.variable.slice(0, dot), piece.variable.slice(dot + 1), template.at);
        return stringOf(scope.ref(piece.variable, template.at), `\${${piece.variable}}`, template.at);
      })
      .join('');
  },
  'Fn::Join': (argument, scope, at) => {
    const [delimiter, listNode] = listArgument(argument, 'Fn::Join', 2, at);
    const separator = stringOf(scope.evaluate(delimiter), 'the Fn::Join delimiter', delimiter.at);
    const list = scope.evaluate(listNode);
    if (!Array.isArray(list)) throw new ValueError(`the second item of Fn::Join is a list; got ${describeValue(list)}`, listNode.at);
    return list.map((item) => stringOf(item, 'an item of Fn::Join', listNode.at)).join(separator);
  },
  'Fn::Select': (argument, scope, at) => {
    const [indexNode, listNode] = listArgument(argument, 'Fn::Select', 2, at);
    const index = Number(scope.evaluate(indexNode));
    const list = scope.evaluate(listNode);
    if (!Array.isArray(list)) throw new ValueError(`the second item of Fn::Select is a list; got ${describeValue(list)}`, listNode.at);
    const item = Number.isInteger(index) ? list[index] : undefined;
    if (item === undefined) throw new ValueError(`Fn::Select index ${String(index)} is outside the list of ${list.length}`, indexNode.at);
    return item;
  },
  'Fn::Split': (argument, scope, at) => {
    const [delimiter, textNode] = listArgument(argument, 'Fn::Split', 2, at);
    return stringOf(scope.evaluate(textNode), 'Fn::Split', textNode.at).split(stringOf(scope.evaluate(delimiter), 'the Fn::Split delimiter', delimiter.at));
  },
  'Fn::If': (argument, scope, at) => {
    const [condition, whenTrue, whenFalse] = listArgument(argument, 'Fn::If', 3, at);
    return scope.evaluate(scope.condition(stringArgument(condition, 'Fn::If'), condition.at) ? whenTrue : whenFalse);
  },
  'Fn::Equals': (argument, scope, at) => {
    const [left, right] = listArgument(argument, 'Fn::Equals', 2, at);
    return JSON.stringify(comparable(scope.evaluate(left))) === JSON.stringify(comparable(scope.evaluate(right)));
  },
  'Fn::Not': (argument, scope, at) => {
    const [only] = listArgument(argument, 'Fn::Not', 1, at);
    return !booleanOf(scope.evaluate(only), 'Fn::Not', only.at);
  },
  'Fn::And': (argument, scope, at) => conditionList(argument, 'Fn::And', at).every((item) => booleanOf(scope.evaluate(item), 'Fn::And', item.at)),
  'Fn::Or': (argument, scope, at) => conditionList(argument, 'Fn::Or', at).some((item) => booleanOf(scope.evaluate(item), 'Fn::Or', item.at)),
  Condition: (argument, scope, at) => scope.condition(stringArgument(argument, 'Condition'), at),
  'Fn::FindInMap': (argument, scope, at) => {
    if (argument.kind !== 'list' || argument.items.length < 3) throw new ValueError('Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]', at);
    const [mapName, topKey, secondKey] = argument.items.slice(0, 3).map((item) => stringOf(scope.evaluate(item), 'Fn::FindInMap', item.at)) as [string, string, string];
    const found = scope.findInMap(mapName, topKey, secondKey, at);
    if (found !== undefined) return found;
    // AWS::LanguageExtensions: a fourth item { DefaultValue: … } answers a missing key.
    const fallback = argument.items[3] === undefined ? undefined : scope.evaluate(argument.items[3]);
    if (isPlainObject(fallback) && fallback.DefaultValue !== undefined) return fallback.DefaultValue;
    throw new ValueError(`Fn::FindInMap: the mapping ${mapName} has no ${topKey}/${secondKey}`, at);
  },
  'Fn::ImportValue': (argument, scope, at) => scope.importValue(stringOf(scope.evaluate(argument), 'Fn::ImportValue', argument.at), at),
  'Fn::Base64': (argument, scope) => Buffer.from(stringOf(scope.evaluate(argument), 'Fn::Base64', argument.at), 'utf8').toString('base64'),
  'Fn::GetAZs': (argument, scope) => {
    const region = stringOf(scope.evaluate(argument), 'Fn::GetAZs', argument.at);
    const name = region === '' ? scope.region : region;
    return ['a', 'b', 'c'].map((zone) => `${name}${zone}`);
  },
  'Fn::Length': (argument, scope, at) => {
    const list = scope.evaluate(argument);
    if (!Array.isArray(list)) throw new ValueError(`Fn::Length takes a list; got ${describeValue(list)}`, at);
    return list.length;
  },
  'Fn::ToJsonString': (argument, scope) => JSON.stringify(withoutNoValue(scope.evaluate(argument))),
};

function listArgument(argument: TemplateNode, name: string, count: 1, at: Position): [TemplateNode];
function listArgument(argument: TemplateNode, name: string, count: 2, at: Position): [TemplateNode, TemplateNode];
function listArgument(argument: TemplateNode, name: string, count: 3, at: Position): [TemplateNode, TemplateNode, TemplateNode];
function listArgument(argument: TemplateNode, name: string, count: number, at: Position): TemplateNode[] {
  if (argument.kind !== 'list' || argument.items.length !== count) throw new ValueError(`${name} takes a list of ${count}`, at);
  return argument.items;
}

function conditionList(argument: TemplateNode, name: string, at: Position): ListNode['items'] {
  if (argument.kind !== 'list' || argument.items.length < 2 || argument.items.length > 10) throw new ValueError(`${name} takes a list of 2 to 10 conditions`, at);
  return argument.items;
}

function stringArgument(argument: TemplateNode, name: string): string {
  if (argument.kind !== 'string') throw new ValueError(`${name} takes a name`, argument.at);
  return argument.value;
}

export function stringOf(value: Evaluated, what: string, at: Position): string {
  const text = value === noValueMarker ? undefined : scalarText(value);
  if (text === undefined) throw new ValueError(`${what} must be a string; got ${describeValue(value)}`, at);
  return text;
}

function booleanOf(value: Evaluated, what: string, at: Position): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ValueError(`${what} takes conditions; got ${describeValue(value)}`, at);
}

/** Equals compares values as CloudFormation passes them: scalars as strings. */
function comparable(value: Evaluated): unknown {
  if (value === noValueMarker) return null;
  return scalarText(value) ?? value;
}

export function withoutNoValue(value: Evaluated): Value {
  if (value === noValueMarker) return null;
  if (Array.isArray(value)) return value;
  return value;
}
