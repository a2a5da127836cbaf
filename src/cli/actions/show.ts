import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { stringify } from 'yaml';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { runAction } from '../run-action.js';

/**
 * `show NAME [--version N]`: the pipeline's definition as YAML (what `apply -f` takes back), after a
 * comment with its metadata; with --json, GetPipeline's response.
 */
export const showAction = runAction<{ pipelineVersion?: number }, [string]>(async ({ send, json, out }, options, name) => {
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
});
