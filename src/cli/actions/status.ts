import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { printJson } from '../light-context.js';
import { pipelineStateLines } from '../pipeline-state-view.js';
import { runLightAction } from '../run-action.js';

/** `status NAME`: GetPipelineState as stages and actions; with --json, the response itself. Without the SDK client: a read should start fast. */
export const statusAction = runLightAction<object, [string]>(async ({ call, json, out }, _options, name) => {
  const state = await call<GetPipelineStateOutput>('GetPipelineState', { name });
  if (json) printJson(state);
  else for (const line of pipelineStateLines(state, out.colors)) out.line(line);
});
