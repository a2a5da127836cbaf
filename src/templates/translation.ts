import type { Placeholder } from './placeholders.js';
import type { SourceMap } from './source-map.js';
import type { Position } from './template-node.js';

/** Which kind of file a definition came from. */
export type TemplateKind = 'cloudformation' | 'cdk' | 'terraform';

/**
 * One pipeline translated from a template: the API's declaration (what CreatePipeline takes), the
 * CreatePipeline tags, what the template asks for beyond the declaration (transitions disabled after
 * creation, webhooks), the build projects its CodeBuild actions name, and everything a reader must know
 * about how it was made: notes (what was dropped or changed, and why) and placeholders (what was made up).
 */
export interface TranslatedPipeline {
  /** The logical id (CloudFormation) or `aws_codepipeline.<name>` (Terraform). */
  logicalId: string;
  kind: TemplateKind;
  /** Where the resource is written in the template. */
  at: Position;
  pipeline: Record<string, unknown> & { name: string };
  tags?: { key: string; value: string }[];
  /** DisableInboundStageTransitions: not part of a declaration; disabled after the pipeline is created. */
  disabledTransitions: { stageName: string; reason: string }[];
  webhooks: TranslatedWebhook[];
  /** CodeBuild projects the template declares for this pipeline's CodeBuild actions. */
  buildProjects: BuildProjectHint[];
  notes: string[];
  placeholders: Placeholder[];
  sourceMap: SourceMap;
}

export interface TranslatedWebhook {
  logicalId: string;
  at: Position;
  /** PutWebhook's `webhook`. */
  webhook: Record<string, unknown> & { name: string };
  registerWithThirdParty: boolean;
}

/**
 * What a CodeBuild project of the template says about running its builds: the buildspec (a path in the
 * source, or written inline), environment variables and timeout. Pipewright keeps such a project as
 * `<data-dir>/projects/<name>.yml` (providers/codebuild/project/build-project.ts).
 */
export interface BuildProjectHint {
  logicalId: string;
  name: string;
  buildspec?: { kind: 'path'; path: string } | { kind: 'inline'; text: string };
  environmentVariables: { name: string; value: string; type?: string }[];
  timeoutInMinutes?: number;
}

export interface TranslationResult {
  kind: TemplateKind;
  pipelines: TranslatedPipeline[];
  /** Pipelines the template declares but does not create (their Condition is false), with why. */
  skipped: { logicalId: string; reason: string }[];
}
