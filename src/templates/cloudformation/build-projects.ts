import { ValueError } from '../template-error.js';
import { isMapNode, valueOf, type TemplateNode } from '../template-node.js';
import type { BuildProjectHint } from '../translation.js';
import { subPieces } from './sub-string.js';
import type { TemplateEvaluator } from './template-evaluator.js';
import type { TemplateResource, TemplateSections } from './template-sections.js';
import { isPlainObject, noValueMarker, scalarText, type Value } from './values.js';

/**
 * The `AWS::CodeBuild::Project` resources a pipeline names (by Ref, GetAtt or Sub anywhere in its
 * properties, or by the name a CodeBuild action's ProjectName gives, as `!Ref AWS::StackName` does
 * when the project is named after the stack too), read for what a local run needs: the buildspec (Source.BuildSpec: a path in the source,
 * or the buildspec itself when it spans lines, as CodeBuild reads it), the environment variables and
 * the timeout. A property that cannot be read is left out with a note; the pipeline still translates.
 */
export function buildProjectsOf(
  pipeline: TemplateResource,
  projectNames: ReadonlySet<string>,
  sections: TemplateSections,
  evaluator: TemplateEvaluator,
  scratch: () => TemplateEvaluator,
  notes: Set<string>,
): BuildProjectHint[] {
  const referenced = referencedResources(pipeline.properties);
  const hints: BuildProjectHint[] = [];
  for (const resource of sections.resources.values()) {
    if (resource.type !== 'AWS::CodeBuild::Project') continue;
    // Named by the action? Asked of an evaluator of its own, so a project the pipeline does not use adds no placeholder.
    const named = referenced.has(resource.logicalId) || projectNames.has(nameOrEmpty(scratch(), resource));
    if (!named || !evaluator.isCreated(resource.logicalId)) continue;
    hints.push(readProject(resource, evaluator, notes));
  }
  return hints;
}

function nameOrEmpty(evaluator: TemplateEvaluator, resource: TemplateResource): string {
  try {
    return evaluator.isCreated(resource.logicalId) ? evaluator.resourceName(resource.logicalId, resource.at) : '';
  } catch {
    return '';
  }
}

function readProject(resource: TemplateResource, evaluator: TemplateEvaluator, notes: Set<string>): BuildProjectHint {
  const hint: BuildProjectHint = { logicalId: resource.logicalId, name: evaluator.resourceName(resource.logicalId, resource.at), environmentVariables: [] };
  const properties = resource.properties;
  if (properties === undefined) return hint;
  const read = <T>(what: string, node: TemplateNode | undefined, use: (value: unknown) => T | undefined): T | undefined => {
    if (node === undefined) return undefined;
    try {
      const value = evaluator.evaluate(node);
      return value === noValueMarker ? undefined : use(value);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      notes.add(`build project ${resource.logicalId}: ${what} left out (${error.message})`);
      return undefined;
    }
  };
  const source = valueOf(properties, 'Source');
  const buildspec = read('Source.BuildSpec', isMapNode(source) ? valueOf(source, 'BuildSpec') : undefined, (value) => (typeof value === 'string' ? value : undefined));
  if (buildspec !== undefined) {
    if (buildspec.startsWith('arn:')) notes.add(`build project ${resource.logicalId}: its buildspec is the S3 object ${buildspec}, which a local run cannot read; buildspec.yml of the source is used`);
    else hint.buildspec = buildspec.includes('\n') ? { kind: 'inline', text: buildspec } : { kind: 'path', path: buildspec };
  }
  const environment = valueOf(properties, 'Environment');
  const variables = read('Environment.EnvironmentVariables', isMapNode(environment) ? valueOf(environment, 'EnvironmentVariables') : undefined, (value) => (Array.isArray(value) ? (value as Value[]) : undefined));
  for (const variable of variables ?? []) {
    if (!isPlainObject(variable)) continue;
    const name = scalarText(variable.Name ?? null);
    const value = scalarText(variable.Value ?? null);
    const type = scalarText(variable.Type ?? null);
    if (name !== undefined && value !== undefined) hint.environmentVariables.push({ name, value, ...(type !== undefined ? { type } : {}) });
  }
  const timeout = read('TimeoutInMinutes', valueOf(properties, 'TimeoutInMinutes'), (value) => (Number.isInteger(Number(value)) ? Number(value) : undefined));
  if (timeout !== undefined) hint.timeoutInMinutes = timeout;
  return hint;
}

/** Logical ids a node refers to: `Ref`, `Fn::GetAtt`, and `${Name}` / `${Name.Attribute}` in `Fn::Sub`. */
export function referencedResources(node: TemplateNode | undefined, found = new Set<string>()): Set<string> {
  if (node === undefined) return found;
  if (node.kind === 'list') node.items.forEach((item) => referencedResources(item, found));
  if (node.kind !== 'map') return found;
  for (const entry of node.entries) {
    if (entry.key === 'Ref' && entry.value.kind === 'string') found.add(entry.value.value);
    else if (entry.key === 'Fn::GetAtt' && entry.value.kind === 'list' && entry.value.items[0]?.kind === 'string') found.add(entry.value.items[0].value);
    else if (entry.key === 'Fn::Sub') {
      const template = entry.value.kind === 'list' ? entry.value.items[0] : entry.value;
      if (template?.kind === 'string') {
        for (const piece of subPieces(template.value)) if ('variable' in piece) found.add(piece.variable.split('.')[0] ?? piece.variable);
      }
    }
    referencedResources(entry.value, found);
  }
  return found;
}
