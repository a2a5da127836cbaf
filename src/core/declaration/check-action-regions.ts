import type { ActionTypeSpec } from '../action-types/types.js';
import { PipewrightError } from '../errors/index.js';
import { isAwsRegion } from './aws-regions.js';
import { actionLabel, capitalised, type PlacedAction } from './declaration-walk.js';
import { actionTypeKey, type PipelineDeclaration } from './types.js';

/**
 * Whether actions of a type may run in another region. AWS: "You cannot create cross-Region actions
 * for the following action types: source actions, actions by third-party providers, actions by custom
 * providers" (user guide, actions-create-cross-region) — with Amazon S3 sources the exception (their
 * reference's example declares a Region; awsdocs/aws-codepipeline-user-guide#45). An entry of the
 * catalogue may say so itself (`crossRegion`).
 */
export function mayRunCrossRegion(spec: ActionTypeSpec): boolean {
  if (spec.crossRegion !== undefined) return spec.crossRegion;
  return spec.id.owner === 'AWS' && spec.id.category !== 'Source';
}

/**
 * The `region` of each action: a real AWS Region; the pipeline's own region is always fine (for any
 * type, a source action too); another region only for a type that may run cross-region, and only with
 * `artifactStores` holding a store for that region (a single `artifactStore` serves one region).
 */
export function checkActionRegions(
  declaration: PipelineDeclaration,
  specs: ReadonlyMap<PlacedAction, ActionTypeSpec>,
  pipelineRegion: string,
): void {
  for (const [placed, spec] of specs) {
    const region = placed.action.region;
    if (region === undefined || region === pipelineRegion) continue;
    const where = actionLabel(placed);
    if (!isAwsRegion(region)) {
      throw new PipewrightError('ValidationException', `The region ${region} of ${where} is not a valid AWS Region.`);
    }
    if (!mayRunCrossRegion(spec)) {
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `${capitalised(where)} declares region ${region}, but the pipeline's region is ${pipelineRegion}: actions of type ${actionTypeKey(spec.id)} cannot be cross-region (source actions other than Amazon S3, third-party and custom actions run in the pipeline's region). Remove the field region or set it to ${pipelineRegion}.`,
      );
    }
    if (declaration.artifactStores === undefined) {
      throw new PipewrightError(
        'InvalidStructureException',
        `${capitalised(where)} runs in region ${region}, outside the pipeline's region ${pipelineRegion}; a cross-region pipeline declares artifactStores (not artifactStore) with a store for ${pipelineRegion} and one for ${region}.`,
      );
    }
    if (!Object.hasOwn(declaration.artifactStores, region)) {
      throw new PipewrightError(
        'InvalidStructureException',
        `${capitalised(where)} runs in region ${region}, but artifactStores has no store for that region; add an artifact store for ${region}.`,
      );
    }
  }
}
