import type { ActionTypeLookup } from '../action-types/lookup.js';

/** What a decision may use besides the state and the event: the instant, fresh ids, and limits. */
export interface DecideContext {
  /** The instant of the decision, epoch milliseconds. */
  now: number;
  /** A fresh lower-case UUID (action execution ids, approval tokens). */
  newId: () => string;
  /** The action types, for default timeouts. */
  actionTypes: ActionTypeLookup;
  /** Executions in progress at once per pipeline; a start beyond it is refused. */
  maxConcurrentExecutions: number;
}
