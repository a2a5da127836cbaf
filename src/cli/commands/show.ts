import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { runAction } from '../run-action.js';

/**
 * `show NAME [--version N]`: the pipeline's definition as YAML (what `apply -f` takes back), after a
 * comment with its metadata; with --json, GetPipeline's response.
 */
export function showCommand(): Command {
  return new Command('show')
    .description('Print a pipeline definition (YAML; --json for GetPipeline’s response).')
    .argument('<name>', 'the pipeline')
    .option('--pipeline-version <n>', 'an earlier version of the definition', (value) => Number(value))
    .action(
      runAction<{ pipelineVersion?: number }, [string]>(async ({ send, json, out }, options, name) => {
        const response = await send((client) =>
          client.send(new GetPipelineCommand({ name, ...(options.pipelineVersion !== undefined ? { version: options.pipelineVersion } : {}) })),
        );
        if (json) {
          printJson(withoutMetadata(response));
          return;
        }
        const { metadata } = response;
        out.line(
          out.colors.dim(`# ${name}: version ${response.pipeline?.version ?? '?'}, created ${metadata?.created?.toISOString() ?? '?'}, updated ${metadata?.updated?.toISOString() ?? '?'}`),
        );
        if (metadata?.pipelineArn !== undefined) out.line(out.colors.dim(`# ${metadata.pipelineArn}`));
        out.write(stringify({ pipeline: response.pipeline }));
      }),
    );
}
