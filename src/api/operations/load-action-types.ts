import { actionTypeLookup, type ActionTypeLookup } from '../../core/action-types/lookup.js';
import type { StoreOperations } from '../../core/contracts/store.js';

/** Every action type a declaration may use right now: AWS's, the live custom ones and the third-party ones. */
export async function loadActionTypes(store: Pick<StoreOperations, 'listCustomActionTypes' | 'listThirdPartyActionTypes'>): Promise<ActionTypeLookup> {
  return actionTypeLookup(await store.listCustomActionTypes(), { thirdPartyTypes: await store.listThirdPartyActionTypes() });
}

/**
 * The action types to present stored declarations with: deleted custom types too, so that a pipeline
 * still naming one keeps its secret configuration values masked.
 */
export async function loadActionTypesForPresentation(store: Pick<StoreOperations, 'listCustomActionTypes' | 'listThirdPartyActionTypes'>): Promise<ActionTypeLookup> {
  return actionTypeLookup(await store.listCustomActionTypes(), { includeDeleted: true, thirdPartyTypes: await store.listThirdPartyActionTypes() });
}
