import type { ActionTypeSpec } from '../action-types/types.js';
import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { actionLabel, type PlacedAction } from './declaration-walk.js';

const queryableValuePattern = /^[a-zA-Z0-9_-]+$/;

/** How GetPipeline shows a secret value; sent back, it means "keep the stored one". */
export const maskedSecret = '****';

/**
 * An action's configuration against its type's configuration properties: keys and values within
 * the model's lengths, every required property present, no key the type does not declare (AWS:
 * "Action configuration for action '…' contains unknown configuration '…'"), no secret left as the
 * mask `****` (UpdatePipeline replaces it with the stored value first), and the value of a
 * queryable property short and plain enough to match a job worker's PollForJobs queryParam.
 */
export function checkActionConfiguration(placed: PlacedAction, spec: ActionTypeSpec): void {
  const configuration = placed.action.configuration ?? {};
  const where = actionLabel(placed);
  for (const [key, value] of Object.entries(configuration)) {
    if (key.length < 1 || key.length > limits.maxConfigurationKeyLength) {
      throw new PipewrightError(
        'ValidationException',
        `The configuration key '${key}' of ${where} must be 1 to ${limits.maxConfigurationKeyLength} characters long.`,
      );
    }
    if (value.length < 1 || value.length > limits.maxConfigurationValueLength) {
      throw new PipewrightError(
        'ValidationException',
        `The value of configuration key ${key} of ${where} is ${value.length} characters long; it must be 1 to ${limits.maxConfigurationValueLength} characters, variable references included.`,
      );
    }
  }
  const declared = new Map(spec.configurationProperties.map((property) => [property.name, property]));
  const unknown = Object.keys(configuration).find((key) => !declared.has(key));
  if (unknown !== undefined) {
    throw new PipewrightError(
      'InvalidActionDeclarationException',
      `Action configuration for ${where} contains unknown configuration '${unknown}'; the action type accepts ${acceptedKeys(spec)}.`,
    );
  }
  for (const property of spec.configurationProperties) {
    const value = configuration[property.name];
    if (property.secret && value === maskedSecret) {
      // AWS's words (quoted in alantech/iasql#1594); UpdatePipeline has put the stored secret back where the action existed.
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `Action configuration for the new ${where} contains an invalid configuration for the secret property "${property.name}". "${maskedSecret}" may be used in secret properties only when updating an existing action.`,
      );
    }
    if (property.required && value === undefined) {
      throw new PipewrightError('InvalidActionDeclarationException', `Action configuration for ${where} is missing required configuration '${property.name}'.`);
    }
    if (property.queryable === true && value !== undefined) {
      if (value.length > limits.maxQueryableValueLength || !queryableValuePattern.test(value)) {
        throw new PipewrightError(
          'InvalidActionDeclarationException',
          `The value of the queryable configuration property ${property.name} of ${where} must be at most ${limits.maxQueryableValueLength} characters of letters, digits, '_' and '-'; it is '${value}'.`,
        );
      }
    }
  }
}

function acceptedKeys(spec: ActionTypeSpec): string {
  const names = spec.configurationProperties.map((property) => property.name);
  return names.length === 0 ? 'no configuration keys' : `only ${names.join(', ')}`;
}
