import type { TemplateKind, TranslatedPipeline } from '../templates/index.js';
import { describeTemplatePosition } from './template-refusal.js';
import type { Terminal } from './terminal.js';

const kindNames: Readonly<Record<TemplateKind, string>> = {
  cloudformation: 'CloudFormation resource',
  cdk: 'CDK resource',
  terraform: 'Terraform resource',
};

/** `CloudFormation resource Pipeline (codepipeline.yaml line 151)`. */
export function describeOrigin(source: string, pipeline: TranslatedPipeline): string {
  return `${kindNames[pipeline.kind]} ${pipeline.logicalId} (${describeTemplatePosition(source, pipeline.at)})`;
}

/**
 * What a reader of a translation must know (stderr, beside the command's own output): what was
 * dropped or changed and why, the names made up for resources the template creates, and every value
 * nothing could tell, each with the option that sets it.
 */
export function printTranslationReport(out: Terminal, pipeline: TranslatedPipeline): void {
  const { colors } = out;
  for (const note of pipeline.notes) out.note(`  ${colors.dim('note:')} ${note}`);
  if (pipeline.disabledTransitions.length > 0) {
    out.note(`  ${colors.dim('note:')} transitions disabled after creation, as the template asks: ${pipeline.disabledTransitions.map((transition) => transition.stageName).join(', ')}`);
  }
  const assumed = pipeline.placeholders.filter((placeholder) => placeholder.kind === 'resource-name');
  if (assumed.length > 0) {
    out.note(`  ${colors.dim('names made up for resources the template creates (set them with --resource-name LogicalId=NAME):')}`);
    for (const placeholder of assumed) out.note(`    ${placeholder.subject} = ${placeholder.value}`);
  }
  const unresolved = pipeline.placeholders.filter((placeholder) => placeholder.kind !== 'resource-name');
  if (unresolved.length > 0) {
    out.note(`  ${colors.yellow('unresolved: the definition holds these stand-ins')}`);
    for (const placeholder of unresolved) out.note(`    ${placeholder.value}: ${placeholder.subject}; ${placeholder.hint}`);
  }
}

/** The translation's facts as `--json` prints them beside the declaration. */
export function translationFacts(source: string, pipeline: TranslatedPipeline): Record<string, unknown> {
  return {
    template: { file: source, kind: pipeline.kind, logicalId: pipeline.logicalId, line: pipeline.at.line, column: pipeline.at.column },
    notes: pipeline.notes,
    placeholders: pipeline.placeholders.map(({ kind, subject, value, hint }) => ({ kind, subject, value, hint })),
    disabledTransitions: pipeline.disabledTransitions,
    webhooks: pipeline.webhooks.map((webhook) => webhook.webhook.name),
  };
}
