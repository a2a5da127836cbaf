import { PipewrightError } from '../errors/index.js';
import { actionLabel, capitalised, firstDuplicate, runsBefore, type PlacedAction } from './declaration-walk.js';

/**
 * Artifacts chain actions together: every output artifact name is unique in the pipeline, and every
 * input artifact is the output of an action that runs before the consumer (an earlier stage, or the
 * same stage with a lower runOrder). Returns the producer of each artifact name.
 */
export function checkArtifacts(actions: readonly PlacedAction[]): Map<string, PlacedAction> {
  const producers = new Map<string, PlacedAction>();
  for (const placed of actions) {
    for (const output of placed.action.outputArtifacts ?? []) {
      const earlier = producers.get(output.name);
      if (earlier !== undefined) {
        throw new PipewrightError(
          'InvalidActionDeclarationException',
          `Output artifact ${output.name} of ${actionLabel(placed)} is already an output of ${actionLabel(earlier)}; output artifact names must be unique in the pipeline.`,
        );
      }
      producers.set(output.name, placed);
    }
  }
  for (const placed of actions) {
    const inputs = (placed.action.inputArtifacts ?? []).map((input) => input.name);
    const repeated = firstDuplicate(inputs);
    if (repeated !== undefined) {
      throw new PipewrightError('InvalidActionDeclarationException', `${capitalised(actionLabel(placed))} lists input artifact ${repeated} more than once.`);
    }
    for (const name of inputs) {
      const producer = producers.get(name);
      if (producer === undefined) {
        throw new PipewrightError(
          'InvalidActionDeclarationException',
          `Input artifact ${name} of ${actionLabel(placed)} is not declared as an output artifact of any action in the pipeline.`,
        );
      }
      if (!runsBefore(producer, placed)) {
        throw new PipewrightError(
          'InvalidActionDeclarationException',
          `Input artifact ${name} of ${actionLabel(placed)} is produced by ${actionLabel(producer)}, which does not run before it; an input must come from an earlier stage or from a lower runOrder in the same stage.`,
        );
      }
    }
  }
  return producers;
}
