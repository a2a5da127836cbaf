import type { Partition } from '../core/arn.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';

/** What the API's operations work with, handed in by the composition root (src/server). */
export interface ApiServices {
  store: Store;
  clock: Clock;
  partition: Partition;
  limits: ApiLimits;
}

export interface ApiLimits {
  /** Pipelines per account and region (AWS: 1000). */
  maxPipelines: number;
  /** Tags per resource (AWS: 50). */
  maxTagsPerResource: number;
  /** Custom action types per account and region (AWS: 50). */
  maxCustomActionTypes: number;
}

export const awsDefaultLimits: ApiLimits = {
  maxPipelines: 1000,
  maxTagsPerResource: 50,
  maxCustomActionTypes: 50,
};
