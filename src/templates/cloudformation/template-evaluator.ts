import { PlaceholderRecorder, unresolvedText } from '../placeholders.js';
import { ValueError } from '../template-error.js';
import { isMapNode, valueOf, type Position, type TemplateNode } from '../template-node.js';
import { intrinsicFunctions, stringOf, type FunctionScope } from './intrinsic-functions.js';
import { noValue, partitionOf, pseudoParameters, type StackSettings } from './pseudo-parameters.js';
import { defaultResourceName, genericKind, resourceKinds, type ResourceFacts } from './resource-types.js';
import type { TemplateSections } from './template-sections.js';
import { noValueMarker, scalarText, type Evaluated, type Value } from './values.js';

/** What the person translating a template gives it (the CLI's --parameter, --resource-name, --import-value). */
export interface TemplateInputs {
  parameters: Readonly<Record<string, string>>;
  resourceNames: Readonly<Record<string, string>>;
  importValues: Readonly<Record<string, string>>;
}

/** Functions whose arguments are conditions: inside them `{Condition: Name}` names a condition. */
const conditionFunctions: ReadonlySet<string> = new Set(['Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::Equals']);
/** SSM and Secrets Manager dynamic references, which CloudFormation resolves before the resource sees them. */
const dynamicReference = /\{\{resolve:(ssm|ssm-secure|secretsmanager):[^}]*\}\}/g;

/**
 * Evaluates a template's values: intrinsic functions, parameters (given, else their Default),
 * pseudo parameters, conditions (each once, refusing cycles), mappings, and references to the
 * template's resources, whose names come from --resource-name, the template, or are made up from the
 * logical id. What nothing can tell becomes a named placeholder.
 */
export class TemplateEvaluator implements FunctionScope {
  readonly placeholders = new PlaceholderRecorder();
  readonly notes = new Set<string>();
  readonly region: string;
  private readonly pseudo: ReadonlyMap<string, string | string[]>;
  private readonly conditionValues = new Map<string, boolean>();
  private readonly conditionsInProgress = new Set<string>();
  private readonly namesInProgress = new Set<string>();
  private conditionDepth = 0;

  constructor(
    private readonly sections: TemplateSections,
    private readonly inputs: TemplateInputs,
    private readonly stack: StackSettings,
  ) {
    this.region = stack.region;
    this.pseudo = pseudoParameters(stack);
  }

  evaluate(node: TemplateNode): Evaluated {
    switch (node.kind) {
      case 'string':
        return this.string(node.value, node.at);
      case 'number':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'list':
        return node.items.map((item) => this.evaluate(item)).filter((item): item is Value => item !== noValueMarker);
      case 'map': {
        const [only] = node.entries;
        if (only !== undefined && node.entries.length === 1 && this.isFunction(only.key)) return this.call(only.key, only.value, node.at);
        const object: Record<string, Value> = {};
        for (const entry of node.entries) {
          const value = this.evaluate(entry.value);
          if (value !== noValueMarker) object[entry.key] = value;
        }
        return object;
      }
    }
  }

  ref(name: string, at: Position): Evaluated {
    if (name === noValue) return noValueMarker;
    const pseudo = this.pseudo.get(name);
    if (pseudo !== undefined) return pseudo;
    if (this.sections.parameters.has(name)) return this.parameter(name, at);
    const resource = this.sections.resources.get(name);
    if (resource === undefined) {
      if (!this.sections.fragment) throw new ValueError(`Ref to ${name}: the template has no parameter or resource of that name`, at);
      return this.outsideFragment(name, at);
    }
    const kind = resourceKinds[resource.type] ?? genericKind(resource.type);
    return kind.ref(this.facts(name, at));
  }

  getAtt(logicalId: string, attribute: string, at: Position): string {
    const resource = this.sections.resources.get(logicalId);
    if (resource === undefined) {
      if (!this.sections.fragment) throw new ValueError(`Fn::GetAtt ${logicalId}.${attribute}: the template has no resource ${logicalId}`, at);
      return this.outsideFragment(`${logicalId}.${attribute}`, at);
    }
    const kind = resourceKinds[resource.type] ?? genericKind(resource.type);
    const compute = kind.attributes[attribute];
    if (compute !== undefined) return compute(this.facts(logicalId, at));
    return this.placeholders.record({
      kind: 'unknown',
      subject: `${logicalId}.${attribute} (${resource.type})`,
      value: unresolvedText('GetAtt', `${logicalId}.${attribute}`),
      hint: 'only AWS knows this attribute: edit the translated definition, or the template',
      at,
    });
  }

  condition(name: string, at: Position): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const definition = this.sections.conditions.get(name);
    if (definition === undefined) throw new ValueError(`the template has no condition ${name}`, at);
    if (this.conditionsInProgress.has(name)) throw new ValueError(`condition ${name} depends on itself`, at);
    this.conditionsInProgress.add(name);
    const usesBefore = this.placeholders.uses;
    this.conditionDepth += 1;
    try {
      const value = this.evaluate(definition.node);
      if (typeof value !== 'boolean') throw new ValueError(`condition ${name} must be a condition function (Fn::Equals, Fn::Not…)`, definition.at);
      this.conditionValues.set(name, value);
      if (this.placeholders.uses !== usesBefore) this.notes.add(`condition ${name} was decided (${String(value)}) on values the translation had to make up; give them to be sure`);
      return value;
    } finally {
      this.conditionDepth -= 1;
      this.conditionsInProgress.delete(name);
    }
  }

  findInMap(map: string, topKey: string, secondKey: string, at: Position): Evaluated | undefined {
    const mapping = this.sections.mappings === undefined ? undefined : valueOf(this.sections.mappings, map);
    if (!isMapNode(mapping)) throw new ValueError(`Fn::FindInMap: the template has no mapping ${map}`, at);
    const top = valueOf(mapping, topKey);
    const found = isMapNode(top) ? valueOf(top, secondKey) : undefined;
    return found === undefined ? undefined : this.evaluate(found);
  }

  importValue(name: string, at: Position): string {
    const given = this.inputs.importValues[name];
    if (given !== undefined) return given;
    return this.placeholders.record({ kind: 'import', subject: `export ${name}`, value: unresolvedText('Import', name), hint: `--import-value ${name}=VALUE`, at });
  }

  /** A name the fragment refers to but does not define: given with --parameter, else a placeholder. */
  private outsideFragment(name: string, at: Position): string {
    const given = this.inputs.parameters[name];
    if (given !== undefined) return given;
    return this.placeholders.record({
      kind: 'parameter',
      subject: `${name} (defined outside this fragment)`,
      value: unresolvedText('Ref', name),
      hint: `--parameter ${name}=VALUE`,
      at,
    });
  }

  /** Whether CloudFormation would create the resource: no Condition, or its condition is true. */
  isCreated(logicalId: string): boolean {
    const resource = this.sections.resources.get(logicalId);
    if (resource?.condition === undefined) return resource !== undefined;
    return this.condition(resource.condition, resource.at);
  }

  /** The resource's name: given with --resource-name, set in the template, or made up (and named as a placeholder). */
  resourceName(logicalId: string, at: Position): string {
    return this.facts(logicalId, at).name;
  }

  private facts(logicalId: string, at: Position): ResourceFacts {
    const resource = this.sections.resources.get(logicalId);
    if (resource === undefined) throw new ValueError(`the template has no resource ${logicalId}`, at);
    if (!this.isCreated(logicalId)) throw new ValueError(`resource ${logicalId} is not created: its condition ${resource.condition ?? ''} is false`, at);
    const common = { partition: partitionOf(this.stack.region), region: this.stack.region, accountId: this.stack.accountId };
    const given = this.inputs.resourceNames[logicalId];
    if (given !== undefined) return { ...common, name: given };
    const kind = resourceKinds[resource.type] ?? genericKind(resource.type);
    const nameNode = kind.nameProperty === undefined || resource.properties === undefined ? undefined : valueOf(resource.properties, kind.nameProperty);
    if (nameNode !== undefined && !this.namesInProgress.has(logicalId)) {
      this.namesInProgress.add(logicalId);
      try {
        const named = this.evaluate(nameNode);
        if (named !== noValueMarker) return { ...common, name: stringOf(named, `${kind.nameProperty ?? 'the name'} of ${logicalId}`, nameNode.at) };
      } finally {
        this.namesInProgress.delete(logicalId);
      }
    }
    const name = defaultResourceName(kind, this.stack.stackName, logicalId);
    this.placeholders.record({
      kind: 'resource-name',
      subject: `${logicalId} (${resource.type})`,
      value: name,
      hint: `--resource-name ${logicalId}=NAME`,
      at: resource.at,
    });
    return { ...common, name };
  }

  private parameter(name: string, at: Position): Evaluated {
    const parameter = this.sections.parameters.get(name);
    const type = parameter?.type ?? 'String';
    const given = this.inputs.parameters[name];
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    const typed = (text: string): Value => (isList ? text.split(',').map((item) => item.trim()) : text);
    if (given !== undefined) return typed(given);
    if (parameter?.default !== undefined) {
      const fallback = this.evaluate(parameter.default);
      const text = Array.isArray(fallback) ? fallback.map((item) => scalarText(item) ?? '').join(',') : fallback === noValueMarker ? '' : (scalarText(fallback) ?? '');
      if (type.startsWith('AWS::SSM::Parameter::Value<')) {
        return this.placeholders.record({
          kind: 'parameter',
          subject: `parameter ${name} (the value of SSM parameter ${text})`,
          value: unresolvedText('Parameter', name),
          hint: `--parameter ${name}=VALUE`,
          at,
        });
      }
      return typed(text);
    }
    return this.placeholders.record({ kind: 'parameter', subject: `parameter ${name} (${type}, no Default)`, value: unresolvedText('Parameter', name), hint: `--parameter ${name}=VALUE`, at });
  }

  private string(text: string, at: Position): string {
    for (const match of text.matchAll(dynamicReference)) {
      this.placeholders.record({
        kind: 'unknown',
        subject: `dynamic reference ${match[0]}`,
        value: match[0],
        hint: 'CloudFormation resolves it from SSM or Secrets Manager; replace it in the translated definition',
        at,
      });
    }
    return text;
  }

  private isFunction(key: string): boolean {
    if (key === 'Condition') return this.conditionDepth > 0;
    return key === 'Ref' || key.startsWith('Fn::');
  }

  private call(name: string, argument: TemplateNode, at: Position): Evaluated {
    const run = intrinsicFunctions[name];
    if (run === undefined) throw new ValueError(`${name} is not an intrinsic function this translation evaluates (it evaluates ${Object.keys(intrinsicFunctions).join(', ')})`, at);
    if (!conditionFunctions.has(name)) return run(argument, this, at);
    this.conditionDepth += 1;
    try {
      return run(argument, this, at);
    } finally {
      this.conditionDepth -= 1;
    }
  }
}
