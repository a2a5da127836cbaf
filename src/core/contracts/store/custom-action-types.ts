import type { CustomActionTypeKey, CustomActionTypeRecord } from '../../action-types/custom.js';

/** Custom action types (owner Custom). */
export interface CustomActionTypeOperations {
  /** Creates the type, or undefined when one with this key exists (deleted or not). */
  createCustomActionType(record: CustomActionTypeRecord): Promise<CustomActionTypeRecord | undefined>;
  getCustomActionType(key: CustomActionTypeKey): Promise<CustomActionTypeRecord | undefined>;
  listCustomActionTypes(): Promise<CustomActionTypeRecord[]>;
  /** Marks the type deleted (it keeps its key, as AWS does); false when there was no live type. */
  markCustomActionTypeDeleted(key: CustomActionTypeKey, now: number): Promise<boolean>;
  replaceCustomActionType(record: CustomActionTypeRecord): Promise<void>;
}
