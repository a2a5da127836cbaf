import { awsActionType } from '../../core/action-types/lookup.js';
import { thirdPartyRecordFrom } from '../../core/action-types/third-party.js';
import type { ActionOwner } from '../../core/declaration/types.js';
import { PipewrightError } from '../../core/errors/index.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * Updates an action type of the integration model. The model admits owners AWS and ThirdParty only,
 * so custom action types (owner Custom) are never reached here. AWS's types are part of Pipewright
 * and cannot be changed through the API; a third-party type registered with Pipewright (see
 * core/action-types/third-party.ts) takes the new declaration whole, as on AWS.
 */
export const updateActionType: Operation<wire.UpdateActionTypeInput, object> = async (input, context) => {
  const declaration = input.actionType;
  const { category, owner, provider, version } = declaration.id;
  const name = `${category}/${owner}/${provider}/${version}`;
  if (awsActionType({ category, owner: owner as ActionOwner, provider, version }) !== undefined) {
    throw new PipewrightError('RequestFailedException', `The action type ${name} is one AWS provides to every account; it cannot be updated.`);
  }
  const { store, actionTypes } = context.services;
  const registered =
    owner === 'ThirdParty'
      ? (await store.listThirdPartyActionTypes()).find((record) => record.category === category && record.provider === provider && record.version === version)
      : undefined;
  if (registered === undefined) {
    throw new PipewrightError('ActionTypeNotFoundException', `No action type ${name} (category/owner/provider/version) exists to update.`);
  }
  await store.putThirdPartyActionType({ ...thirdPartyRecordFrom(declaration, context.now), created: registered.created });
  // The engine keeps the action types in memory (every decision consults their timeouts).
  await actionTypes.refresh();
  return {};
};
