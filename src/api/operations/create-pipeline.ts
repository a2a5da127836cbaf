import { pipelineArn } from '../../core/arn.js';
import { validatePipelineDeclaration } from '../../core/declaration/validate-pipeline.js';
import { PipewrightError } from '../../core/errors/index.js';
import { presentDeclaration } from '../presenters/pipeline.js';
import type * as wire from '../wire/shapes.js';
import { loadActionTypes } from './load-action-types.js';
import type { Operation } from './operation.js';
import { checkTags } from './tag-rules.js';
import { checkPassRoles } from './pass-roles.js';

export const createPipeline: Operation<wire.CreatePipelineInput, wire.CreatePipelineOutput> = async (input, context) => {
  const { store, limits, partition } = context.services;
  const tags = input.tags ?? [];
  checkTags(tags, limits.maxTagsPerResource);
  const actionTypes = await loadActionTypes(store);
  const declaration = validatePipelineDeclaration(input.pipeline, { actionTypes, region: partition.region });
  await checkPassRoles(declaration, context);

  const created = await store.transaction(async (tx) => {
    if ((await tx.countPipelines()) >= limits.maxPipelines) {
      throw new PipewrightError('LimitExceededException', `The account already has ${limits.maxPipelines} pipelines, the most allowed.`);
    }
    const record = await tx.createPipeline({ declaration, now: context.now });
    if (record === undefined) {
      throw new PipewrightError('PipelineNameInUseException', `A pipeline named ${declaration.name} already exists.`);
    }
    await tx.putTags(pipelineArn(partition, record.name), tags);
    return record;
  });

  context.services.engine.pipelineCreated(created.name);
  // CodePipeline starts a first execution when a pipeline is created.
  await context.services.engine.startExecution(created.name, { trigger: { triggerType: 'CreatePipeline', triggerDetail: context.principal.arn } });

  return {
    pipeline: presentDeclaration(created.declaration, actionTypes),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
  };
};
