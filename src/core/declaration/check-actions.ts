import type { ActionTypeLookup } from '../action-types/lookup.js';
import type { ActionTypeSpec, ArtifactCountBounds } from '../action-types/types.js';
import { PipewrightError } from '../errors/index.js';
import { checkActionConfiguration } from './check-action-configuration.js';
import { actionLabel, capitalised, type PlacedAction } from './declaration-walk.js';
import { actionTypeKey } from './types.js';

/**
 * Each action against its action type: the type must exist (one AWS provides, or a live custom or
 * registered third-party type of the account), artifact counts stay within the type's bounds, the
 * configuration fits the type's properties, and the action-level fields that only some types accept
 * appear only there.
 * Returns the resolved type of every action for the checks that follow.
 */
export function checkActions(actions: readonly PlacedAction[], actionTypes: ActionTypeLookup): Map<PlacedAction, ActionTypeSpec> {
  const specs = new Map<PlacedAction, ActionTypeSpec>();
  for (const placed of actions) {
    const spec = actionTypes(placed.action.actionTypeId);
    if (spec === undefined) throw unknownActionType(placed);
    checkArtifactCount(placed, 'input', placed.action.inputArtifacts?.length ?? 0, spec.inputArtifacts);
    checkArtifactCount(placed, 'output', placed.action.outputArtifacts?.length ?? 0, spec.outputArtifacts);
    checkActionConfiguration(placed, spec);
    checkActionLevelFields(placed, spec);
    specs.set(placed, spec);
  }
  return specs;
}

/**
 * AWS: "ActionType (Category: 'Deploy', Provider: 'ECS', Owner: 'AWS', Version: '1') in action
 * 'Deploy' is not available" (hashicorp/terraform-provider-aws#4667; the same for custom types,
 * aws-samples/aws-codepipeline-third-party-git-repositories#3), with the stage added.
 */
function unknownActionType(placed: PlacedAction): PipewrightError {
  const { category, owner, provider, version } = placed.action.actionTypeId;
  return new PipewrightError(
    'InvalidActionDeclarationException',
    `ActionType (Category: '${category}', Provider: '${provider}', Owner: '${owner}', Version: '${version}') in ${actionLabel(placed)} is not available: ` +
      'it is neither one of the action types AWS provides nor a custom or registered third-party action type of this account.',
  );
}

/**
 * AWS: "Action {NameOfAction} declares 0 input artifacts which is less than the minimum count (1)"
 * (awsdocs/aws-cloudformation-user-guide#941), with the stage and the action type added.
 */
function checkArtifactCount(placed: PlacedAction, direction: 'input' | 'output', count: number, bounds: ArtifactCountBounds): void {
  const type = actionTypeKey(placed.action.actionTypeId);
  const declares = `${capitalised(actionLabel(placed))} declares ${count} ${direction} artifacts`;
  if (count < bounds.minimumCount) {
    throw new PipewrightError('InvalidActionDeclarationException', `${declares} which is less than the minimum count (${bounds.minimumCount}) of its action type ${type}.`);
  }
  if (count > bounds.maximumCount) {
    throw new PipewrightError('InvalidActionDeclarationException', `${declares} which is more than the maximum count (${bounds.maximumCount}) of its action type ${type}.`);
  }
}

/**
 * `commands`, `outputVariables`, `environmentVariables` and output `files` belong to the Commands
 * action; `timeoutInMinutes` to the manual approval. (`region` is check-action-regions.ts's.)
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
    // AWS: "Action frontend-web-content-manager-cleanup must have a non-empty commands field" (hashicorp/terraform-provider-aws#42997).
    throw new PipewrightError('InvalidActionDeclarationException', `${capitalised(where)} must have a non-empty commands field: it is a ${type} action.`);
  }
  if (action.timeoutInMinutes !== undefined && !spec.acceptsTimeoutInMinutes) {
    throw new PipewrightError(
      'InvalidActionDeclarationException',
      `The field timeoutInMinutes of ${where} is only available to the manual approval action type; ${type} does not accept it.`,
    );
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
