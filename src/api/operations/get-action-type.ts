import { awsActionType } from '../../core/action-types/lookup.js';
import { PipewrightError } from '../../core/errors/index.js';
import { presentActionTypeDeclaration } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * An action type in the integration model's declaration form. The model admits owners AWS and
 * ThirdParty only; Pipewright has AWS's types and no third-party ones.
 */
export const getActionType: Operation<wire.GetActionTypeInput, wire.GetActionTypeOutput> = (input) => {
  const id = { category: input.category, owner: input.owner as 'AWS' | 'ThirdParty', provider: input.provider, version: input.version };
  const spec = id.owner === 'AWS' ? awsActionType(id) : undefined;
  if (spec === undefined) {
    return Promise.reject(
      new PipewrightError('ActionTypeNotFoundException', `No action type ${id.category}/${id.owner}/${id.provider}/${id.version} (category/owner/provider/version) exists.`),
    );
  }
  return Promise.resolve({ actionType: presentActionTypeDeclaration(spec) });
};
