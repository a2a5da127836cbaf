import { PipelineFileError } from '../../core/declaration/parse-pipeline-file.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { checkPipelineDefinitionOffline, checkPipelineFileOffline, type OfflineCheckResult } from '../../server/offline-definition-check.js';
import { TemplateError, type TranslatedPipeline } from '../../templates/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { readDefinition, type Definition } from '../definition-source.js';
import { ExitCode } from '../exit-codes.js';
import { runAction } from '../run-action.js';
import {   type TemplateFlags } from '../template-options.js';
import { templateRefusal } from '../template-refusal.js';
import { describeOrigin, printTranslationReport, translationFacts } from '../translation-report.js';

/**
 * `validate -f FILE`: the server's checks of a definition, offline (artifact stores are checked against
 * the region the client is configured for, read from the same variables as the server's). The file is
 * CodePipeline's definition, or a CloudFormation, SAM or CDK template, each of whose pipelines is
 * translated and checked; a refusal then names the template's line and the resource. With --json it
 * prints `{"valid": true, "pipeline": …}` or `{"valid": false, "file", "error": {"type", "message", "line"?, "column"?}}`
 * (for a template: `{"valid", "file", "pipelines": [{"valid", "pipeline" | "error", "template", "notes", "placeholders", …}]}`).
 */
export const validateAction = runAction<TemplateFlags & { file: string; var: string[] }>(async (context, options) => {
  const flags = { ...options, terraformVar: options.var };
  const definition = await readDefinitionOrRefusal(context, flags);
  if (typeof definition === 'number') return definition;
  if (definition.kind === 'api') return validateApiFile(context, definition.source, definition.text);
  const { source, result } = definition;
  const outcomes = result.pipelines.map((pipeline) => checkTranslated(context, source, pipeline));
  const valid = outcomes.every((outcome) => outcome.valid);
  if (context.json) printJson({ valid, file: source, pipelines: outcomes.map((outcome) => outcome.json), skipped: result.skipped });
  for (const skipped of result.skipped) context.out.note(`note: ${skipped.logicalId} is not created (${skipped.reason}), so it is not translated.`);
  return valid ? ExitCode.success : ExitCode.refused;
});

/** The definition, or (for a template that cannot be translated) the refusal printed and its exit code. */
async function readDefinitionOrRefusal(context: CliContext, flags: TemplateFlags & { file: string }): Promise<Definition | ExitCode> {
  try {
    return await readDefinition(flags.file, flags, context.connection);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (context.json) {
      const { reason, position, logicalId } = error;
      printJson({ valid: false, file: error.source, error: { type: 'TemplateError', message: reason, ...(position ?? {}), ...(logicalId !== undefined ? { logicalId } : {}) } });
    } else context.out.note(`${context.out.colors.red('✗')} ${error.message}`);
    return ExitCode.refused;
  }
}

function checkTranslated(context: CliContext, source: string, translated: TranslatedPipeline): { valid: boolean; json: Record<string, unknown> } {
  const { out } = context;
  const facts = translationFacts(source, translated);
  let checked: OfflineCheckResult;
  try {
    checked = checkPipelineFileOffline({ pipeline: translated.pipeline, ...(translated.tags !== undefined ? { tags: translated.tags } : {}) }, context.connection.region);
  } catch (error) {
    if (!isPipewrightError(error)) throw error;
    const refusal = templateRefusal(source, translated, error.code, error.message);
    if (!context.json) {
      out.note(`${out.colors.red('✗')} ${refusal.text}`);
      printTranslationReport(out, translated);
    }
    return { valid: false, json: { valid: false, ...facts, error: { type: error.code, message: error.message, line: refusal.line, column: refusal.column } } };
  }
  const { pipeline, uncheckedActionTypes } = checked;
  if (!context.json) {
    out.line(
      `${out.colors.green('✓')} ${describeOrigin(source, translated)}: pipeline ${pipeline.name} is valid (${pipeline.pipelineType ?? 'V1'}, ${pipeline.executionMode ?? 'SUPERSEDED'}, ${pipeline.stages.length} stages).`,
    );
    printTranslationReport(out, translated);
    for (const id of uncheckedActionTypes) out.note(`  note: ${id.owner}/${id.category}/${id.provider}/${id.version} is known only to a server; its actions were not checked against it.`);
  }
  return { valid: true, json: { valid: true, ...facts, pipeline, uncheckedActionTypes } };
}

function validateApiFile({ out, json, connection }: CliContext, source: string, text: string): ExitCode {
  try {
    const { pipeline, uncheckedActionTypes } = checkPipelineDefinitionOffline(text, source, connection.region);
    if (json) {
      printJson({ valid: true, pipeline, uncheckedActionTypes });
      return ExitCode.success;
    }
    out.line(`${out.colors.green('✓')} ${source}: pipeline ${pipeline.name} is valid (${pipeline.pipelineType ?? 'V1'}, ${pipeline.executionMode ?? 'SUPERSEDED'}, ${pipeline.stages.length} stages).`);
    for (const id of uncheckedActionTypes) {
      out.note(`note: ${id.owner}/${id.category}/${id.provider}/${id.version} is known only to a server; its actions were not checked against it.`);
    }
    return ExitCode.success;
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) throw error;
    if (json) printJson({ valid: false, file: source, error: refusal });
    // A parse error's message already names the file and position.
    else out.note(`${out.colors.red('✗')} ${refusal.type === 'ParseError' ? refusal.message : `${source}: ${refusal.type}: ${refusal.message}`}`);
    return ExitCode.refused;
  }
}

interface Refusal {
  type: string;
  message: string;
  line?: number;
  column?: number;
}

function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof PipelineFileError) {
    return { type: 'ParseError', message: error.message, ...(error.position !== undefined ? { line: error.position.line, column: error.position.column } : {}) };
  }
  if (isPipewrightError(error)) return { type: error.code, message: error.message };
  return undefined;
}
