import { isCloudFormationTemplate } from './cloudformation/template-sections.js';
import { translateCloudFormation } from './cloudformation/translate-cloudformation.js';
import type { TemplateInputs } from './cloudformation/template-evaluator.js';
import { readTemplateText } from './read-template-text.js';
import { TemplateSyntaxError } from './template-error.js';
import { isMapNode, valueOf, type TemplateNode } from './template-node.js';
import type { TranslationResult } from './translation.js';

export interface TemplateTranslationOptions {
  /** The file as the user named it: messages name it, and the stack name defaults to its base name. */
  source: string;
  inputs: TemplateInputs;
  region: string;
  accountId: string;
  /** AWS::StackName; by default made from the file's name (`codepipeline.yaml` → `codepipeline`). */
  stackName?: string;
  logicalId?: string;
}

/**
 * Reads a YAML or JSON definition file and says what it holds: a CloudFormation (or SAM) template, a
 * CDK synthesised template (`cdk.out/*.template.json`), or none of those (then it is CodePipeline's own
 * definition, read by parse-pipeline-file.ts). Templates are translated; the rest is left to the caller.
 */
export function readTemplateFile(text: string, options: TemplateTranslationOptions): TranslationResult | undefined {
  let root: TemplateNode;
  try {
    root = readTemplateText(text, options.source);
  } catch (error) {
    // Not YAML or JSON at all: CodePipeline's own definition reader words that error.
    if (error instanceof TemplateSyntaxError) return undefined;
    throw error;
  }
  if (!isCloudFormationTemplate(root)) return undefined;
  return translateCloudFormation(root, {
    source: options.source,
    kind: isCdkTemplate(root, options.source) ? 'cdk' : 'cloudformation',
    inputs: options.inputs,
    stack: { region: options.region, accountId: options.accountId, stackName: options.stackName ?? stackNameOf(options.source) },
    ...(options.logicalId !== undefined ? { logicalId: options.logicalId } : {}),
  });
}

/** What CDK writes into every template it synthesises: the CDKMetadata resource, or its bootstrap-version parameter. */
function isCdkTemplate(root: TemplateNode, source: string): boolean {
  if (source.endsWith('.template.json')) return true;
  if (!isMapNode(root)) return false;
  const resources = valueOf(root, 'Resources');
  const parameters = valueOf(root, 'Parameters');
  return (isMapNode(resources) && valueOf(resources, 'CDKMetadata') !== undefined) || (isMapNode(parameters) && valueOf(parameters, 'BootstrapVersion') !== undefined);
}

/** A stack name from a file name, within CloudFormation's rule (a letter, then letters, digits and hyphens). */
export function stackNameOf(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? 'stack';
  const stem = base.replace(/\.template\.json$/, '').replace(/\.(ya?ml|json|template)$/i, '');
  const cleaned = stem.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned.slice(0, 128) : `stack-${cleaned}`.slice(0, 128);
}
