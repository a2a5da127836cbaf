import { locateRefusal, type Position, type TranslatedPipeline } from '../templates/index.js';

/** `codepipeline.yaml line 151, column 3`. */
export function describeTemplatePosition(source: string, at: Position): string {
  return `${source} line ${at.line}, column ${at.column}`;
}

/**
 * A refusal of a translated declaration (the offline check's, or the server's), pointed at the
 * template: the file, line and column of the part at fault, and the resource it belongs to.
 */
export function templateRefusal(source: string, pipeline: TranslatedPipeline, type: string, message: string): { text: string; line: number; column: number } {
  const at = locateRefusal(message, pipeline.pipeline, pipeline.sourceMap);
  return {
    text: `${describeTemplatePosition(source, at)} (resource ${pipeline.logicalId}): ${type}: ${message}`,
    line: at.line,
    column: at.column,
  };
}
