import type { ActionTypeSpec } from '../action-types/types.js';
import { PipewrightError, type ErrorCode } from '../errors/index.js';
import { actionLabel, stageLabel, type PlacedAction } from './declaration-walk.js';
import type { PipelineDeclaration, PipelineType } from './types.js';

/** A construct that only V2 pipelines may use, and the exception that refuses it on a V1 pipeline. */
export interface V2Feature {
  description: string;
  code: ErrorCode;
}

/**
 * The V2-only constructs of a declaration (user guide, "Pipeline types"): QUEUED and PARALLEL
 * execution modes, pipeline-level variables, triggers, stage conditions and failure results, and
 * V2-only action types such as Commands.
 */
export function v2FeaturesOf(declaration: PipelineDeclaration, specs: ReadonlyMap<PlacedAction, ActionTypeSpec>): V2Feature[] {
  const features: V2Feature[] = [];
  const structure = (description: string): void => {
    features.push({ description, code: 'InvalidStructureException' });
  };
  if (declaration.executionMode === 'QUEUED' || declaration.executionMode === 'PARALLEL') structure(`execution mode ${declaration.executionMode}`);
  if ((declaration.variables ?? []).length > 0) structure('pipeline-level variables');
  if ((declaration.triggers ?? []).length > 0) structure('triggers');
  for (const stage of declaration.stages) {
    for (const kind of ['beforeEntry', 'onSuccess', 'onFailure'] as const) {
      if (stage[kind] !== undefined) features.push({ description: `the ${kind} conditions of ${stageLabel(stage)}`, code: 'InvalidStageDeclarationException' });
    }
  }
  for (const [placed, spec] of specs) {
    if (spec.v2Only) features.push({ description: `the ${spec.id.provider} action type of ${actionLabel(placed)}`, code: 'InvalidActionDeclarationException' });
  }
  return features;
}

/**
 * The type the pipeline gets. An explicit V1 refuses every V2 construct; without a type, V2
 * constructs make it V2 ("including V2 parameters … will result in the pipeline having the V2
 * type", CreatePipeline reference), and otherwise it keeps `fallback` (V1 for a new pipeline).
 */
export function resolvePipelineType(declaration: PipelineDeclaration, features: readonly V2Feature[], fallback: PipelineType): PipelineType {
  const first = features[0];
  if (declaration.pipelineType === 'V1' && first !== undefined) {
    throw new PipewrightError(
      first.code,
      `Pipeline ${declaration.name} is of type V1, but ${first.description} can only be used with V2 pipelines; declare pipelineType V2.`,
    );
  }
  if (declaration.pipelineType !== undefined) return declaration.pipelineType;
  return first !== undefined ? 'V2' : fallback;
}
