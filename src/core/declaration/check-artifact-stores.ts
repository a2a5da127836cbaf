import { PipewrightError } from '../errors/index.js';
import { actionLabel, capitalised, placedActions } from './declaration-walk.js';
import type { PipelineDeclaration } from './types.js';

/**
 * Exactly one of `artifactStore` (single region) and `artifactStores` (one store per region). A
 * cross-region action needs `artifactStores`, and the map must cover the pipeline's own region and
 * every region an action runs in (CreatePipeline API reference).
 */
export function checkArtifactStores(declaration: PipelineDeclaration, pipelineRegion: string): void {
  const { artifactStore, artifactStores, name } = declaration;
  if (artifactStore !== undefined && artifactStores !== undefined) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${name} declares both artifactStore and artifactStores; declare exactly one of them.`);
  }
  if (artifactStore === undefined && artifactStores === undefined) {
    throw new PipewrightError('InvalidStructureException', `Pipeline ${name} declares neither artifactStore nor artifactStores; declare exactly one of them.`);
  }
  const crossRegion = placedActions(declaration).filter((placed) => placed.action.region !== undefined && placed.action.region !== pipelineRegion);
  if (artifactStores === undefined) {
    const first = crossRegion[0];
    if (first !== undefined) {
      throw new PipewrightError(
        'InvalidStructureException',
        `${capitalised(actionLabel(first))} runs in region ${first.action.region}, outside the pipeline's region ${pipelineRegion}; a cross-region pipeline declares artifactStores with a store for each region.`,
      );
    }
    return;
  }
  if (!Object.hasOwn(artifactStores, pipelineRegion)) {
    throw new PipewrightError(
      'InvalidStructureException',
      `The artifactStores of pipeline ${name} have no store for the pipeline's own region ${pipelineRegion}.`,
    );
  }
  const uncovered = crossRegion.find((placed) => !Object.hasOwn(artifactStores, placed.action.region ?? ''));
  if (uncovered !== undefined) {
    throw new PipewrightError(
      'InvalidStructureException',
      `${capitalised(actionLabel(uncovered))} runs in region ${uncovered.action.region}, but artifactStores has no store for that region.`,
    );
  }
}
