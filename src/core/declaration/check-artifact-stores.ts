import { PipewrightError } from '../errors/index.js';
import { isAwsRegion } from './aws-regions.js';
import type { PipelineDeclaration } from './types.js';

/**
 * Exactly one of `artifactStore` (single region) and `artifactStores` (one store per region), each
 * region of the map a real AWS Region, and the map with a store for the pipeline's own region
 * (CreatePipeline API reference; user guide, pipeline structure reference: "you must have an artifact
 * bucket in the pipeline Region and then you must have one artifact bucket per Region where you plan
 * to execute an action"). Which regions the actions need is check-action-regions.ts's concern.
 */
export function checkArtifactStores(declaration: PipelineDeclaration, pipelineRegion: string): void {
  const { artifactStore, artifactStores, name } = declaration;
  if (artifactStore !== undefined && artifactStores !== undefined) {
    throw new PipewrightError(
      'InvalidStructureException',
      `Pipeline ${name} declares both artifactStore and artifactStores; declare exactly one of them (artifactStores when an action runs in another region).`,
    );
  }
  if (artifactStore === undefined && artifactStores === undefined) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${name} declares neither artifactStore nor artifactStores; declare exactly one of them.`);
  }
  if (artifactStores === undefined) return;
  const invalid = Object.keys(artifactStores).find((region) => !isAwsRegion(region));
  if (invalid !== undefined) {
    throw new PipewrightError('ValidationException', `The region ${invalid} specified in 'pipeline.artifactStores' is not a valid AWS Region.`);
  }
  if (!Object.hasOwn(artifactStores, pipelineRegion)) {
    throw new PipewrightError(
      'InvalidStructureException',
      `The artifactStores of pipeline ${name} have no store for the pipeline's own region ${pipelineRegion}; artifactStores needs one for the pipeline's region and one for each region an action runs in.`,
    );
  }
}
