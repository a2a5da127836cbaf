import type { JobTypeId } from '../core/declaration/types.js';
import type { StateChange } from '../core/execution/effects.js';

/**
 * What the engine tells the rest of the process after a decision is stored: there is work, work must
 * stop, an approval waits, events were appended. Listeners run after commit, never inside it.
 */
export interface EngineSignalMap {
  jobsQueued: { actionTypeIds: JobTypeId[] };
  jobCancelled: { actionExecutionId: string; reason: 'abandoned' | 'timed-out' | 'cancelled' };
  /** A job's result was recorded (success, failure, continuation): whoever waits for its end may go on. */
  jobEnded: { jobId: string };
  approvalRequested: { pipelineName: string; executionId: string; stageName: string; actionName: string; token: string; expires: number };
  eventsAppended: { pipelineName: string };
  /** The state changes of one stored decision, in order (what the events log records, before shaping). */
  stateChanged: { pipelineName: string; changes: readonly StateChange[] };
  /** A pipeline was created, updated or deleted (change detection re-reads its source actions). */
  pipelineChanged: { pipelineName: string };
}

type Listener<T> = (payload: T) => void;

export class EngineSignals {
  private readonly listeners = new Map<keyof EngineSignalMap, Set<Listener<never>>>();

  on<K extends keyof EngineSignalMap>(signal: K, listener: Listener<EngineSignalMap[K]>): () => void {
    let set = this.listeners.get(signal);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(signal, set);
    }
    const registered = set;
    registered.add(listener);
    return () => registered.delete(listener);
  }

  emit<K extends keyof EngineSignalMap>(signal: K, payload: EngineSignalMap[K]): void {
    for (const listener of this.listeners.get(signal) ?? []) (listener as Listener<EngineSignalMap[K]>)(payload);
  }
}
