import type { Partition } from '../core/arn.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';
import type { ArtifactStore } from '../core/contracts/artifact-store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import type { Engine } from '../engine/engine.js';
import type { JobService } from '../engine/job-service.js';
import type { ActionTypeCatalog } from '../engine/action-type-catalog.js';
import type { NotificationDispatcher } from '../engine/event-delivery/notification-dispatcher.js';
import type { ChangeDetection } from '../engine/change-detection/change-detection.js';
import type { IdentityService } from './identity/identity-service.js';

/** What the API's operations work with, handed in by the composition root (src/server). */
export interface ApiServices {
  store: Store;
  engine: Engine;
  jobs: JobService;
  actionTypes: ActionTypeCatalog;
  notifications: NotificationDispatcher;
  artifacts: ArtifactStore;
  objects: ObjectStore;
  clock: Clock;
  partition: Partition;
  limits: ApiLimits;
  /** Webhooks, git host events, PutActionRevision, polling. */
  changeDetection: ChangeDetection;
  /** Who calls (SigV4, console sessions) and whether they may (IAM policies). */
  identity: IdentityService;
}

export interface ApiLimits {
  /** Pipelines per account and region (AWS: 1000). */
  maxPipelines: number;
  /** Tags per resource (AWS: 50). */
  maxTagsPerResource: number;
  /** Custom action types per account and region (AWS: 50). */
  maxCustomActionTypes: number;
  /** Executions in progress at once per pipeline (AWS caps QUEUED and PARALLEL pipelines at 50). */
  maxConcurrentExecutions: number;
  /** Webhooks per account and region (AWS: 300). */
  maxWebhooks: number;
  /** Audit records kept (Pipewright's own); older ones are deleted as new ones come. */
  maxAuditRecords: number;
}

export const awsDefaultLimits: ApiLimits = {
  maxPipelines: 1000,
  maxTagsPerResource: 50,
  maxCustomActionTypes: 50,
  maxConcurrentExecutions: 50,
  maxWebhooks: 300,
  maxAuditRecords: 100_000,
};
