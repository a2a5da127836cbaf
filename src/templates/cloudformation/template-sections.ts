import { TemplateError } from '../template-error.js';
import { isMapNode, valueOf, type MapNode, type Position, type TemplateNode } from '../template-node.js';

/** One entry of the template's Resources. */
export interface TemplateResource {
  logicalId: string;
  type: string;
  properties?: MapNode;
  /** The name of the condition that decides whether CloudFormation creates it. */
  condition?: string;
  at: Position;
}

export interface TemplateParameter {
  name: string;
  type: string;
  default?: TemplateNode;
  at: Position;
}

/** The sections of a CloudFormation template a pipeline translation reads. */
export interface TemplateSections {
  parameters: ReadonlyMap<string, TemplateParameter>;
  mappings?: MapNode;
  conditions: ReadonlyMap<string, { node: TemplateNode; at: Position }>;
  resources: ReadonlyMap<string, TemplateResource>;
  /** `Transform` as written: `AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions`… */
  transforms: string[];
  /**
   * A bare fragment of resources, as the documentation's examples are: it refers to parameters and
   * resources of the template it was cut from, so those references become placeholders, not errors.
   */
  fragment: boolean;
}

/**
 * Whether the root of a file is a CloudFormation template: it has Resources (with or without
 * AWSTemplateFormatVersion, as SAM and CDK write them), or it is a bare fragment of resources as
 * the CloudFormation documentation's examples are (`AppPipeline: { Type: AWS::CodePipeline::Pipeline, … }`).
 */
export function isCloudFormationTemplate(root: TemplateNode): boolean {
  if (!isMapNode(root)) return false;
  if (root.entries.some((entry) => entry.key === 'Resources' || entry.key === 'AWSTemplateFormatVersion')) return true;
  return isResourceFragment(root);
}

function isResourceFragment(root: MapNode): boolean {
  return root.entries.length > 0 && root.entries.every((entry) => isMapNode(entry.value) && typeOf(entry.value)?.startsWith('AWS::') === true);
}

export function readSections(root: TemplateNode, source: string): TemplateSections {
  if (!isMapNode(root)) throw new TemplateError('a CloudFormation template is a mapping', source, root.at);
  const fragment = valueOf(root, 'Resources') === undefined && isResourceFragment(root);
  const resourcesNode = fragment ? root : valueOf(root, 'Resources');
  if (!isMapNode(resourcesNode)) throw new TemplateError('Resources must be a mapping of logical ids to resources', source, resourcesNode?.at ?? root.at);
  const resources = new Map<string, TemplateResource>();
  for (const entry of resourcesNode.entries) {
    const resource = entry.value;
    if (!isMapNode(resource)) throw new TemplateError(`resource ${entry.key} must be a mapping with a Type`, source, resource.at, entry.key);
    const type = typeOf(resource);
    if (type === undefined) throw new TemplateError(`resource ${entry.key} has no Type`, source, resource.at, entry.key);
    const properties = valueOf(resource, 'Properties');
    if (properties !== undefined && !isMapNode(properties)) throw new TemplateError('Properties must be a mapping', source, properties.at, entry.key);
    const condition = valueOf(resource, 'Condition');
    if (condition !== undefined && condition.kind !== 'string') throw new TemplateError('a resource’s Condition is the name of a condition', source, condition.at, entry.key);
    resources.set(entry.key, {
      logicalId: entry.key,
      type,
      ...(properties !== undefined ? { properties } : {}),
      ...(condition !== undefined ? { condition: condition.value } : {}),
      at: entry.keyAt,
    });
  }
  return {
    parameters: readParameters(valueOf(root, 'Parameters'), source),
    ...(isMapNode(valueOf(root, 'Mappings')) ? { mappings: valueOf(root, 'Mappings') as MapNode } : {}),
    conditions: new Map((mapEntries(valueOf(root, 'Conditions'), 'Conditions', source) ?? []).map((entry) => [entry.key, { node: entry.value, at: entry.keyAt }])),
    resources,
    transforms: readTransforms(valueOf(root, 'Transform')),
    fragment,
  };
}

function typeOf(resource: MapNode): string | undefined {
  const type = valueOf(resource, 'Type');
  return type?.kind === 'string' ? type.value : undefined;
}

function readParameters(node: TemplateNode | undefined, source: string): Map<string, TemplateParameter> {
  const parameters = new Map<string, TemplateParameter>();
  for (const entry of mapEntries(node, 'Parameters', source) ?? []) {
    if (!isMapNode(entry.value)) throw new TemplateError(`parameter ${entry.key} must be a mapping with a Type`, source, entry.value.at);
    const type = valueOf(entry.value, 'Type');
    const fallback = valueOf(entry.value, 'Default');
    parameters.set(entry.key, {
      name: entry.key,
      type: type?.kind === 'string' ? type.value : 'String',
      ...(fallback !== undefined ? { default: fallback } : {}),
      at: entry.keyAt,
    });
  }
  return parameters;
}

function mapEntries(node: TemplateNode | undefined, section: string, source: string): MapNode['entries'] | undefined {
  if (node === undefined || node.kind === 'null') return undefined;
  if (!isMapNode(node)) throw new TemplateError(`${section} must be a mapping`, source, node.at);
  return node.entries;
}

function readTransforms(node: TemplateNode | undefined): string[] {
  if (node === undefined) return [];
  if (node.kind === 'string') return [node.value];
  if (node.kind === 'list') return node.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
  return [];
}
