import { Command } from 'commander';
import { PipelineFileError } from '../../core/declaration/parse-pipeline-file.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { checkPipelineDefinitionOffline } from '../../server/offline-definition-check.js';
import { printJson } from '../cli-context.js';
import { displayName, readInputFile } from '../definition-file.js';
import { ExitCode } from '../exit-codes.js';
import { runAction } from '../run-action.js';

/**
 * `validate -f FILE`: the server's checks of a definition, offline (artifact stores are checked against
 * the region the client is configured for, read from the same variables as the server's). With --json it prints
 * `{"valid": true, "pipeline": …}` or `{"valid": false, "file", "error": {"type", "message", "line"?, "column"?}}`.
 */
export function validateCommand(): Command {
  return new Command('validate')
    .description('Check a pipeline definition (JSON or YAML) offline, as the server would check it.')
    .requiredOption('-f, --file <file>', 'the definition: a declaration, or {"pipeline": …} as create-pipeline takes it (- for stdin)')
    .action(
      runAction<{ file: string }>(async ({ out, json, connection }, { file }) => {
        const source = displayName(file);
        const text = await readInputFile(file);
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
      }),
    );
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
