import {
  CreatePipelineCommand,
  GetPipelineCommand,
  UpdatePipelineCommand,
  type CreatePipelineInput,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { ServerRefusedError, withoutMetadata } from '../../client/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { readPipelineFile } from '../definition-file.js';
import { usageError } from '../exit-codes.js';
import { runAction } from '../run-action.js';

/**
 * `apply -f FILE`: creates the pipeline the file declares, or updates it when one of that name exists
 * (GetPipeline decides). Prints the version; with --json, CreatePipeline's or UpdatePipeline's response
 * plus `"action": "created" | "updated"`. Tags in the file apply on create only (UpdatePipeline takes none).
 */
export function applyCommand(): Command {
  return new Command('apply')
    .description('Create a pipeline from a definition file (JSON or YAML), or update it if it exists.')
    .requiredOption('-f, --file <file>', 'the definition: a declaration, or {"pipeline": …, "tags": […]} (- for stdin)')
    .action(
      runAction<{ file: string }>(async ({ send, json, out }, { file }) => {
        const definition = await readPipelineFile(file);
        const pipeline = definition.pipeline as unknown as PipelineDeclaration;
        if (typeof pipeline.name !== 'string') throw usageError(`${file} declares no pipeline name.`);
        const exists = await pipelineExists(send, pipeline.name);
        if (exists) {
          const updated = await send((client) => client.send(new UpdatePipelineCommand({ pipeline })));
          if (json) printJson({ action: 'updated', ...withoutMetadata(updated) });
          else out.line(`Updated pipeline ${pipeline.name}: version ${updated.pipeline?.version ?? '?'}.`);
          return;
        }
        const input: CreatePipelineInput = { pipeline, ...(definition.tags !== undefined ? { tags: definition.tags as CreatePipelineInput['tags'] } : {}) };
        const created = await send((client) => client.send(new CreatePipelineCommand(input)));
        if (json) printJson({ action: 'created', ...withoutMetadata(created) });
        else out.line(`Created pipeline ${pipeline.name}: version ${created.pipeline?.version ?? 1}; its first execution has started.`);
      }),
    );
}

async function pipelineExists(send: CliContext['send'], name: string): Promise<boolean> {
  try {
    await send((client) => client.send(new GetPipelineCommand({ name })));
    return true;
  } catch (error) {
    if (error instanceof ServerRefusedError && error.exceptionName === 'PipelineNotFoundException') return false;
    throw error;
  }
}
