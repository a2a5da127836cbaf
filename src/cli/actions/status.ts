import { GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { pipelineStateLines } from '../pipeline-state-view.js';
import { runAction } from '../run-action.js';

/** `status NAME`: GetPipelineState as stages and actions; with --json, the response itself. */
export const statusAction = runAction<object, [string]>(async ({ send, json, out }, _options, name) => {
  const state = await send((client) => client.send(new GetPipelineStateCommand({ name })));
  if (json) printJson(withoutMetadata(state));
  else for (const line of pipelineStateLines(state, out.colors)) out.line(line);
});
