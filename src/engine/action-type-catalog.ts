import { actionTypeLookup, type ActionTypeLookup } from '../core/action-types/lookup.js';
import type { Store } from '../core/contracts/store.js';

/**
 * The action types in use, AWS's and the live custom ones, kept in memory because every decision
 * consults them. Whoever changes custom action types calls `refresh()`.
 */
export class ActionTypeCatalog {
  private lookup: ActionTypeLookup = actionTypeLookup([]);

  constructor(private readonly store: Pick<Store, 'listCustomActionTypes'>) {}

  async refresh(): Promise<void> {
    this.lookup = actionTypeLookup(await this.store.listCustomActionTypes());
  }

  current(): ActionTypeLookup {
    return this.lookup;
  }
}
