import { PipewrightError } from '../../core/errors/index.js';
import { presentActionTypeDeclaration } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * An action type in the integration model's declaration form. The model admits owners AWS and
 * ThirdParty only: AWS's types Pipewright runs, and the third-party types UpdateActionType registered.
 */
export const getActionType: Operation<wire.GetActionTypeInput, wire.GetActionTypeOutput> = (input, context) => {
  const id = { category: input.category, owner: input.owner as 'AWS' | 'ThirdParty', provider: input.provider, version: input.version };
  // The catalogue the engine uses: AWS's types, and the third-party ones as UpdateActionType last left them.
  const spec = context.services.actionTypes.current()(id);
  if (spec === undefined) {
    return Promise.reject(
      new PipewrightError('ActionTypeNotFoundException', `No action type ${id.category}/${id.owner}/${id.provider}/${id.version} (category/owner/provider/version) exists.`),
    );
  }
  return Promise.resolve({ actionType: presentActionTypeDeclaration(spec) });
};
