import { TemplateError, ValueError } from '../template-error.js';
import { valueOf, type TemplateNode } from '../template-node.js';
import type { TemplateKind, TranslatedPipeline, TranslatedWebhook, TranslationResult } from '../translation.js';
import { buildProjectsOf, referencedResources } from './build-projects.js';
import type { StackSettings } from './pseudo-parameters.js';
import { TemplateEvaluator, type TemplateInputs } from './template-evaluator.js';
import { readSections, type TemplateResource, type TemplateSections } from './template-sections.js';
import { translatePipeline } from './translate-pipeline.js';
import { translateWebhook } from './translate-webhook.js';

export interface CloudFormationOptions {
  /** The file, as messages name it. */
  source: string;
  kind: Extract<TemplateKind, 'cloudformation' | 'cdk'>;
  inputs: TemplateInputs;
  stack: StackSettings;
  /** Translate only this pipeline resource. */
  logicalId?: string;
}

const knownTransforms = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

/**
 * A CloudFormation, SAM or CDK template → one translation per `AWS::CodePipeline::Pipeline` it creates
 * (or the one `logicalId` names), each with the `AWS::CodePipeline::Webhook`s that target it and the
 * CodeBuild projects it names. Each pipeline is evaluated on its own, so its placeholders are its own.
 */
export function translateCloudFormation(root: TemplateNode, options: CloudFormationOptions): TranslationResult {
  const { source } = options;
  const sections = readSections(root, source);
  const pipelines = [...sections.resources.values()].filter((resource) => resource.type === 'AWS::CodePipeline::Pipeline');
  if (pipelines.length === 0) throw new TemplateError('the template has no AWS::CodePipeline::Pipeline resource', source, root.at);
  const chosen = options.logicalId === undefined ? pipelines : pipelines.filter((resource) => resource.logicalId === options.logicalId);
  if (chosen.length === 0) {
    throw new TemplateError(`the template has no pipeline ${options.logicalId ?? ''}; its pipelines: ${pipelines.map((resource) => resource.logicalId).join(', ')}`, source);
  }
  const result: TranslationResult = { kind: options.kind, pipelines: [], skipped: [] };
  for (const resource of chosen) {
    const evaluator = new TemplateEvaluator(sections, options.inputs, options.stack);
    const created = located(source, resource.logicalId, () => evaluator.isCreated(resource.logicalId));
    if (!created) {
      result.skipped.push({ logicalId: resource.logicalId, reason: `its condition ${resource.condition ?? ''} is false` });
      continue;
    }
    result.pipelines.push(located(source, resource.logicalId, () => translateOne(resource, sections, evaluator, options)));
  }
  return result;
}

function translateOne(resource: TemplateResource, sections: TemplateSections, evaluator: TemplateEvaluator, options: CloudFormationOptions): TranslatedPipeline {
  const translated = translatePipeline(resource, evaluator);
  const notes = new Set(translated.notes);
  for (const transform of sections.transforms) {
    if (transform === 'AWS::Serverless-2016-10-31') notes.add('the SAM transform changes AWS::Serverless resources only; the pipeline is translated as written');
    else if (!knownTransforms.has(transform)) notes.add(`the transform ${transform} is not applied: the pipeline is translated as written`);
  }
  const webhooks: TranslatedWebhook[] = [];
  for (const candidate of sections.resources.values()) {
    if (candidate.type !== 'AWS::CodePipeline::Webhook' || !targets(candidate, resource.logicalId, translated.pipeline.name, sections, options)) continue;
    if (!evaluator.isCreated(candidate.logicalId)) continue;
    const { targetPipeline: _target, ...webhook } = located(options.source, candidate.logicalId, () => translateWebhook(candidate, evaluator, notes));
    webhooks.push(webhook);
  }
  const buildProjects = buildProjectsOf(resource, codeBuildProjectNames(translated.pipeline), sections, evaluator, () => new TemplateEvaluator(sections, options.inputs, options.stack), notes);
  for (const note of evaluator.notes) notes.add(note);
  return { ...translated, kind: options.kind, webhooks, buildProjects, notes: [...notes], placeholders: evaluator.placeholders.all() };
}

/** The ProjectName of every CodeBuild action of a declaration. */
function codeBuildProjectNames(pipeline: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const stages = Array.isArray(pipeline.stages) ? (pipeline.stages as { actions?: { actionTypeId?: { provider?: string }; configuration?: Record<string, string> }[] }[]) : [];
  for (const stage of stages) {
    for (const action of stage.actions ?? []) {
      const name = action.configuration?.ProjectName;
      if (action.actionTypeId?.provider === 'CodeBuild' && name !== undefined) names.add(name);
    }
  }
  return names;
}

/** Whether a webhook targets this pipeline: by a reference to its logical id, or by its name. */
function targets(webhook: TemplateResource, pipelineId: string, pipelineName: string, sections: TemplateSections, options: CloudFormationOptions): boolean {
  const target = webhook.properties === undefined ? undefined : valueOf(webhook.properties, 'TargetPipeline');
  if (target === undefined) return false;
  if (referencedResources(target).has(pipelineId)) return true;
  try {
    return new TemplateEvaluator(sections, options.inputs, options.stack).evaluate(target) === pipelineName;
  } catch {
    return false;
  }
}

/** Runs `work`, turning a ValueError into a TemplateError that names the file, position and resource. */
function located<T>(source: string, logicalId: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ValueError) throw new TemplateError(error.message, source, error.position, logicalId);
    throw error;
  }
}
