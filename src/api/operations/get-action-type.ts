import { awsActionType } from '../../core/action-types/lookup.js';
import { thirdPartyActionTypeSpec } from '../../core/action-types/third-party.js';
import { PipewrightError } from '../../core/errors/index.js';
import { presentActionTypeDeclaration } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * An action type in the integration model's declaration form. The model admits owners AWS and
 * ThirdParty only: AWS's types Pipewright runs, and the third-party types UpdateActionType registered.
 */
export const getActionType: Operation<wire.GetActionTypeInput, wire.GetActionTypeOutput> = async (input, context) => {
  const id = { category: input.category, owner: input.owner as 'AWS' | 'ThirdParty', provider: input.provider, version: input.version };
  const thirdParty =
    id.owner === 'ThirdParty'
      ? (await context.services.store.listThirdPartyActionTypes()).find(
          (record) => record.category === id.category && record.provider === id.provider && record.version === id.version,
        )
      : undefined;
  const spec = id.owner === 'AWS' ? awsActionType(id) : thirdParty !== undefined ? thirdPartyActionTypeSpec(thirdParty) : undefined;
  if (spec === undefined) {
    throw new PipewrightError('ActionTypeNotFoundException', `No action type ${id.category}/${id.owner}/${id.provider}/${id.version} (category/owner/provider/version) exists.`);
  }
  return { actionType: presentActionTypeDeclaration(spec) };
};
