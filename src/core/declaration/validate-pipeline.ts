import type { ActionTypeLookup } from '../action-types/lookup.js';
import { checkActionRegions } from './check-action-regions.js';
import { checkActions } from './check-actions.js';
import { checkArtifactStores } from './check-artifact-stores.js';
import { checkArtifacts } from './check-artifacts.js';
import { checkNamespaces } from './check-namespaces.js';
import { checkPipelineVariables } from './check-pipeline-variables.js';
import { checkStageConditions } from './check-stage-conditions.js';
import { checkBlockers, checkStage } from './check-stages.js';
import { checkSourcePlacement, checkStructure } from './check-structure.js';
import { checkTriggers } from './check-triggers.js';
import { checkVariableReferences } from './check-variable-references.js';
import { placedActions } from './declaration-walk.js';
import { resolvePipelineType, v2FeaturesOf } from './pipeline-type.js';
import { defaultRunOrder, executionModeOf, type PipelineDeclaration, type PipelineType } from './types.js';

export interface DeclarationContext {
  /** The action types a declaration may use. */
  actionTypes: ActionTypeLookup;
  /** The region Pipewright serves; `artifactStores` must cover it. */
  region: string;
  /**
   * The type a declaration without `pipelineType` and without V2 constructs gets: V1 for a new
   * pipeline; on update, the type the pipeline already has, so that leaving the field out never
   * silently downgrades a V2 pipeline.
   */
  defaultPipelineType?: PipelineType;
}

/**
 * Validates a whole declaration as CodePipeline does, after the wire-level checks of the service model
 * (lengths, patterns, enums) have passed. Throws the CodePipeline exception naming the stage, action
 * and field at fault, the first one found, in this order: blockers, pipeline structure, stages,
 * artifact stores, actions against their types, action regions, artifacts, namespaces, pipeline type,
 * variables, triggers, stage conditions, variable references. Returns the declaration as CodePipeline stores
 * and returns it: pipelineType and executionMode filled in, every action with its runOrder and its
 * input and output artifact lists.
 */
export function validatePipelineDeclaration(declaration: PipelineDeclaration, context: DeclarationContext): PipelineDeclaration {
  checkBlockers(declaration.stages);
  checkStructure(declaration);
  declaration.stages.forEach(checkStage);
  checkSourcePlacement(declaration);
  checkArtifactStores(declaration, context.region);

  const actions = placedActions(declaration);
  const specs = checkActions(actions, context.actionTypes);
  checkActionRegions(declaration, specs, context.region);
  const producers = checkArtifacts(actions);
  const namespaces = checkNamespaces(actions, new Set(producers.keys()));

  const pipelineType = resolvePipelineType(declaration, v2FeaturesOf(declaration, specs), context.defaultPipelineType ?? 'V1');
  const executionMode = executionModeOf(declaration);
  checkPipelineVariables(declaration.variables ?? []);
  checkTriggers(declaration.triggers ?? [], actions);
  checkStageConditions(declaration.stages, executionMode, producers);
  checkVariableReferences(declaration, actions, namespaces);

  return normalised(declaration, pipelineType);
}

function normalised(declaration: PipelineDeclaration, pipelineType: PipelineType): PipelineDeclaration {
  return {
    ...declaration,
    stages: declaration.stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) => ({
        ...action,
        runOrder: action.runOrder ?? defaultRunOrder,
        inputArtifacts: action.inputArtifacts ?? [],
        outputArtifacts: action.outputArtifacts ?? [],
      })),
    })),
    pipelineType,
    executionMode: executionModeOf(declaration),
  };
}
