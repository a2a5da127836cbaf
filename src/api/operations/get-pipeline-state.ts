import { presentPipelineState } from '../presenters/pipeline-state.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const getPipelineState: Operation<wire.GetPipelineStateInput, wire.GetPipelineStateOutput> = async (input, context) => {
  const { store, engine } = context.services;
  const pipeline = await requirePipeline(store, input.name);
  return presentPipelineState(pipeline, await engine.state(input.name));
};
