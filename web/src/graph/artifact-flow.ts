import type { PipelineDeclaration } from '../api/types.js';

/** One artifact handed from the action that writes it to an action that reads it. */
export interface ArtifactEdge {
  artifact: string;
  from: { stage: string; action: string };
  to: { stage: string; action: string };
}

/** The key a graph node is found by, in the DOM and in the edges. */
export const nodeKey = (stage: string, action: string): string => `${stage}.${action}`;

/**
 * Where each artifact goes: an output artifact's name is unique in a pipeline (CreatePipeline refuses
 * two actions writing the same one), so every input names exactly one writer. An input nobody writes
 * (a refused or half-edited declaration) has no edge rather than a guessed one.
 */
export function artifactFlow(declaration: PipelineDeclaration): ArtifactEdge[] {
  const writers = new Map<string, { stage: string; action: string }>();
  for (const stage of declaration.stages) {
    for (const action of stage.actions) {
      for (const output of action.outputArtifacts ?? []) writers.set(output.name, { stage: stage.name, action: action.name });
    }
  }
  const edges: ArtifactEdge[] = [];
  for (const stage of declaration.stages) {
    for (const action of stage.actions) {
      for (const input of action.inputArtifacts ?? []) {
        const from = writers.get(input.name);
        if (from !== undefined) edges.push({ artifact: input.name, from, to: { stage: stage.name, action: action.name } });
      }
    }
  }
  return edges;
}
