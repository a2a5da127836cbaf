import { actionTypeLookup, type ActionTypeLookup } from '../core/action-types/lookup.js';
import type { Store } from '../core/contracts/store.js';

/**
 * The action types in use, AWS's, the live custom ones and the registered third-party ones, kept in memory because every decision
 * consults them. Whoever changes custom action types calls `refresh()`.
 */
export class ActionTypeCatalog {
  private lookup: ActionTypeLookup = actionTypeLookup([]);

  constructor(private readonly store: Pick<Store, 'listCustomActionTypes' | 'listThirdPartyActionTypes'>) {}

  async refresh(): Promise<void> {
    this.lookup = actionTypeLookup(await this.store.listCustomActionTypes(), { thirdPartyTypes: await this.store.listThirdPartyActionTypes() });
  }

  current(): ActionTypeLookup {
    return this.lookup;
  }
}
