// Pipelines from where AWS users keep them: CloudFormation, SAM and CDK templates, and Terraform's
// aws_codepipeline, translated into CodePipeline's own declaration. Pure: text (or parsed HCL) in,
// declarations, notes and placeholders out; no file, network or server is touched.
export { readTemplateFile, stackNameOf, type TemplateTranslationOptions } from './translate-template.js';
export type { TemplateInputs } from './cloudformation/template-evaluator.js';
export { TemplateError } from './template-error.js';
export type { Position } from './template-node.js';
export type { Placeholder, PlaceholderKind } from './placeholders.js';
export { SourceMap, type DeclarationPath } from './source-map.js';
export type { BuildProjectHint, TemplateKind, TranslatedPipeline, TranslatedWebhook, TranslationResult } from './translation.js';
export { locateRefusal, refusalPath } from './locate-refusal.js';
export { translateTerraform, type TerraformModule } from './terraform/translate-terraform.js';
export { templateSource, type HclNode } from './terraform/hcl-expression.js';
