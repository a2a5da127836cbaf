import type { ActionTypeLookup } from '../action-types/lookup.js';
import type { ActionTypeSpec, ArtifactCountBounds } from '../action-types/types.js';
import { PipewrightError } from '../errors/index.js';
import { checkActionConfiguration } from './check-action-configuration.js';
import { actionLabel, capitalised, type PlacedAction } from './declaration-walk.js';
import { actionTypeKey } from './types.js';

/**
 * Each action against its action type: the type must exist (an AWS type Pipewright runs, or a live
 * custom type), artifact counts stay within the type's bounds, the configuration fits the type's
 * properties, and the action-level fields that only some types accept appear only there.
 * Returns the resolved type of every action for the checks that follow.
 */
export function checkActions(actions: readonly PlacedAction[], actionTypes: ActionTypeLookup): Map<PlacedAction, ActionTypeSpec> {
  const specs = new Map<PlacedAction, ActionTypeSpec>();
  for (const placed of actions) {
    const spec = actionTypes(placed.action.actionTypeId);
    if (spec === undefined) {
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `The action type ${actionTypeKey(placed.action.actionTypeId)} (category/owner/provider/version) of ${actionLabel(placed)} is not a known action type: neither one of AWS's that Pipewright runs nor a custom action type of this account.`,
      );
    }
    checkArtifactCount(placed, 'input', placed.action.inputArtifacts?.length ?? 0, spec.inputArtifacts);
    checkArtifactCount(placed, 'output', placed.action.outputArtifacts?.length ?? 0, spec.outputArtifacts);
    checkActionConfiguration(placed, spec);
    checkActionLevelFields(placed, spec);
    specs.set(placed, spec);
  }
  return specs;
}

function checkArtifactCount(placed: PlacedAction, direction: 'input' | 'output', count: number, bounds: ArtifactCountBounds): void {
  if (count >= bounds.minimumCount && count <= bounds.maximumCount) return;
  const allowed = bounds.minimumCount === bounds.maximumCount ? `exactly ${bounds.minimumCount}` : `${bounds.minimumCount} to ${bounds.maximumCount}`;
  throw new PipewrightError(
    'InvalidActionDeclarationException',
    `${capitalised(actionLabel(placed))} declares ${count} ${direction} artifact(s); its action type ${actionTypeKey(placed.action.actionTypeId)} takes ${allowed}.`,
  );
}

/**
 * `commands`, `outputVariables`, `environmentVariables` and output `files` belong to the Commands
 * action; `timeoutInMinutes` to the manual approval; `region` is refused on source, third-party and
 * custom actions (user guide, pipeline structure reference).
 */
function checkActionLevelFields(placed: PlacedAction, spec: ActionTypeSpec): void {
  const { action } = placed;
  const where = actionLabel(placed);
  const type = actionTypeKey(action.actionTypeId);
  if (!spec.acceptsCommands) {
    const field = commandsOnlyField(placed);
    if (field !== undefined) {
      throw new PipewrightError('InvalidActionDeclarationException', `The field ${field} of ${where} is only valid on the Commands action; ${type} does not accept it.`);
    }
  } else if ((action.commands ?? []).length === 0) {
    throw new PipewrightError('InvalidActionDeclarationException', `${capitalised(where)} is a ${type} action and must declare commands.`);
  }
  if (action.timeoutInMinutes !== undefined && !spec.acceptsTimeoutInMinutes) {
    throw new PipewrightError(
      'InvalidActionDeclarationException',
      `The field timeoutInMinutes of ${where} is only available to the manual approval action type; ${type} does not accept it.`,
    );
  }
  if (action.region !== undefined) {
    const { category, owner } = action.actionTypeId;
    if (category === 'Source' || owner === 'ThirdParty' || owner === 'Custom') {
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `${capitalised(where)} declares region ${action.region}; a region cannot be set on source actions or on actions owned by ThirdParty or Custom.`,
      );
    }
  }
}

function commandsOnlyField(placed: PlacedAction): string | undefined {
  const { action } = placed;
  if (action.commands !== undefined) return 'commands';
  if (action.outputVariables !== undefined) return 'outputVariables';
  if (action.environmentVariables !== undefined) return 'environmentVariables';
  const withFiles = (action.outputArtifacts ?? []).find((artifact) => artifact.files !== undefined);
  if (withFiles !== undefined) return `files (of output artifact ${withFiles.name})`;
  return undefined;
}
