import { awsMessages, PipewrightError } from '../../core/errors/index.js';
import { presentDeclaration, presentPipelineMetadata, presentVersionMetadata } from '../presenters/pipeline.js';
import type * as wire from '../wire/shapes.js';
import { loadActionTypesForPresentation } from './load-action-types.js';
import type { Operation } from './operation.js';

export const getPipeline: Operation<wire.GetPipelineInput, wire.GetPipelineOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const current = await store.getPipeline(input.name);
  if (current === undefined) throw new PipewrightError('PipelineNotFoundException', awsMessages.pipelineNotFound(partition.accountId, input.name));
  const actionTypes = await loadActionTypesForPresentation(store);
  if (input.version === undefined || input.version === current.version) {
    return { pipeline: presentDeclaration(current.declaration, actionTypes), metadata: presentPipelineMetadata(current, partition) };
  }
  const version = await store.getPipelineVersion(input.name, input.version);
  if (version === undefined) {
    throw new PipewrightError(
      'PipelineVersionNotFoundException',
      `Pipeline ${input.name} has no version ${input.version}; its versions are 1 to ${current.version}.`,
    );
  }
  return { pipeline: presentDeclaration(version.declaration, actionTypes), metadata: presentVersionMetadata(version, current, partition) };
};
