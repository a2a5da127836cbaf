import { actionTypeLookup, type ActionTypeLookup } from '../../core/action-types/lookup.js';
import type { StoreOperations } from '../../core/contracts/store.js';

/** Every action type a declaration may use right now: AWS's and the live custom ones. */
export async function loadActionTypes(store: Pick<StoreOperations, 'listCustomActionTypes'>): Promise<ActionTypeLookup> {
  return actionTypeLookup(await store.listCustomActionTypes());
}
