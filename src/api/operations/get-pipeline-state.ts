import { expandUrlTemplate } from '../../core/action-types/url-templates.js';
import type { ActionDeclaration } from '../../core/declaration/types.js';
import { presentPipelineState } from '../presenters/pipeline-state.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const getPipelineState: Operation<wire.GetPipelineStateInput, wire.GetPipelineStateOutput> = async (input, context) => {
  const { store, engine, actionTypes } = context.services;
  const pipeline = await requirePipeline(store, input.name, context.services.partition.accountId);
  const lookup = actionTypes.current();
  // A custom action type's entityUrlTemplate is the link each of its actions shows (the console's action page).
  const entityUrl = (action: ActionDeclaration): string | undefined => {
    const template = lookup(action.actionTypeId)?.settings.entityUrlTemplate;
    return template !== undefined ? expandUrlTemplate(template, action.configuration ?? {}) : undefined;
  };
  return presentPipelineState(pipeline, await engine.state(input.name), entityUrl);
};
