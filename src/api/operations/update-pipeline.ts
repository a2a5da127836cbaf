import type { PipelineDeclaration } from '../../core/declaration/types.js';
import { validatePipelineDeclaration } from '../../core/declaration/validate-pipeline.js';
import { awsMessages, PipewrightError } from '../../core/errors/index.js';
import { maskedSecret, presentDeclaration } from '../presenters/pipeline.js';
import type * as wire from '../wire/shapes.js';
import { loadActionTypes } from './load-action-types.js';
import type { Operation } from './operation.js';
import { checkPassRoles } from './pass-roles.js';
import type { ActionTypeLookup } from '../../core/action-types/lookup.js';

export const updatePipeline: Operation<wire.UpdatePipelineInput, wire.UpdatePipelineOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const actionTypes = await loadActionTypes(store);
  const submitted = input.pipeline;
  for (;;) {
    const current = await store.getPipeline(submitted.name);
    if (current === undefined) throw new PipewrightError('PipelineNotFoundException', awsMessages.pipelineNotFound(partition.accountId, submitted.name));
    const declaration = validatePipelineDeclaration(keepMaskedSecrets(submitted, current.declaration, actionTypes), {
      actionTypes,
      region: partition.region,
      // Leaving pipelineType out keeps the pipeline's type rather than silently downgrading a V2 pipeline.
      ...(current.declaration.pipelineType !== undefined ? { defaultPipelineType: current.declaration.pipelineType } : {}),
    });
    await checkPassRoles(declaration, context);
    const updated = await store.updatePipeline({ declaration, expectedVersion: current.version, now: context.now });
    // Another update won the race: apply this one on top of it, as the later of two full replacements.
    if (updated !== undefined) {
      await context.services.engine.pipelineUpdated(updated.name, updated.version, updated.declaration);
      return { pipeline: presentDeclaration(updated.declaration, actionTypes) };
    }
  }
};

/**
 * GetPipeline shows secret configuration values as `****`; a declaration sent back with the mask
 * unchanged keeps the stored secret (AWS's documented behaviour for secret properties).
 */
function keepMaskedSecrets(submitted: PipelineDeclaration, stored: PipelineDeclaration, actionTypes: ActionTypeLookup): PipelineDeclaration {
  return {
    ...submitted,
    stages: submitted.stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) => {
        if (action.configuration === undefined) return action;
        const secrets = (actionTypes(action.actionTypeId)?.configurationProperties ?? []).filter((property) => property.secret);
        const previous = stored.stages.find((s) => s.name === stage.name)?.actions.find((a) => a.name === action.name)?.configuration;
        if (secrets.length === 0 || previous === undefined) return action;
        const configuration = { ...action.configuration };
        for (const { name } of secrets) {
          const previousValue = previous[name];
          if (configuration[name] === maskedSecret && previousValue !== undefined) configuration[name] = previousValue;
        }
        return { ...action, configuration };
      }),
    })),
  };
}
