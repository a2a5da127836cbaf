import type { ThirdPartyActionTypeRecord } from '../../action-types/third-party.js';

/** Partner action types (owner ThirdParty), registered and updated by UpdateActionType. */
export interface ThirdPartyActionTypeOperations {
  /** Registers the type, or replaces the definition of the one with its id (keeping when it was created). */
  putThirdPartyActionType(record: ThirdPartyActionTypeRecord): Promise<ThirdPartyActionTypeRecord>;
  listThirdPartyActionTypes(): Promise<ThirdPartyActionTypeRecord[]>;
}
