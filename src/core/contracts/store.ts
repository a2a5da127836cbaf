import type { CustomActionTypeOperations } from './store/custom-action-types.js';
import type { PipelineOperations } from './store/pipelines.js';
import type { ParameterOperations, SecretOperations } from './store/parameters.js';
import type { TagOperations } from './store/tags.js';
import type { ExecutionOperations } from './store/executions.js';
import type { JobOperations } from './store/jobs.js';
import type { EventOperations } from './store/events.js';
import type { NotificationOperations } from './store/notifications.js';
import type { AuditOperations } from './store/audit.js';
import type { WebhookOperations } from './store/webhooks.js';
import type { SourceRevisionOperations } from './store/source-revisions.js';
import type { ThirdPartyActionTypeOperations } from './store/third-party-action-types.js';
import type { IdentityOperations } from './store/identity.js';

export type * from './store/pipelines.js';
export type * from './store/tags.js';
export type * from './store/custom-action-types.js';
export type * from './store/executions.js';
export type * from './store/jobs.js';
export type * from './store/events.js';
export type * from './store/notifications.js';
export type * from './store/audit.js';
export type * from './store/parameters.js';
export type * from './store/webhooks.js';
export type * from './store/source-revisions.js';
export type * from './store/third-party-action-types.js';
export type * from './store/identity.js';

/**
 * The store, in the domain's terms. Two implementations (SQLite, PostgreSQL) live in src/store and pass
 * the same test suite. Each group of operations is declared in its own file under ./store/; every
 * method is one atomic step, and `transaction` groups several into one.
 */
export interface Store extends StoreOperations {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all its writes land together or not at all. */
  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOperations
  extends PipelineOperations,
    TagOperations,
    CustomActionTypeOperations,
    ExecutionOperations,
    JobOperations,
    EventOperations,
    ParameterOperations,
    SecretOperations,
    NotificationOperations,
    AuditOperations,
    WebhookOperations,
    SourceRevisionOperations,
    ThirdPartyActionTypeOperations,
    IdentityOperations {}
