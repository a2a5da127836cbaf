import { awsActionType } from '../../core/action-types/lookup.js';
import { PipewrightError } from '../../core/errors/index.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * Updates an action type of the integration model. The model admits owners AWS and ThirdParty only,
 * so custom action types (owner Custom) are never reached here. AWS's types are part of Pipewright
 * and cannot be changed through the API; there are no third-party types to update.
 */
export const updateActionType: Operation<wire.UpdateActionTypeInput, object> = (input) => {
  const { category, owner, provider, version } = input.actionType.id;
  const name = `${category}/${owner}/${provider}/${version}`;
  if (owner === 'AWS' && awsActionType({ category, owner, provider, version }) !== undefined) {
    return Promise.reject(
      new PipewrightError('RequestFailedException', `The action type ${name} is owned by AWS and built into Pipewright; it cannot be updated.`),
    );
  }
  return Promise.reject(new PipewrightError('ActionTypeNotFoundException', `No action type ${name} (category/owner/provider/version) exists to update.`));
};
