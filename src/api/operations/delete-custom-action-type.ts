import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/**
 * Marks a custom action type deleted: pipelines can no longer declare it, and it can be brought back
 * only by creating it again with an identical definition. Deleting a type that does not exist, or is
 * already deleted, succeeds, as DeletePipeline does (the operation declares no not-found error).
 */
export const deleteCustomActionType: Operation<wire.DeleteCustomActionTypeInput, object> = async (input, context) => {
  await context.services.store.markCustomActionTypeDeleted({ category: input.category, provider: input.provider, version: input.version }, context.now);
  await context.services.actionTypes.refresh();
  return {};
};
