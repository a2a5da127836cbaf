import type { Kysely } from 'kysely';
import type { Store, StoreOperations } from '../core/contracts/store.js';
import type { DialectCapabilities } from './dialect.js';
import type { Database } from './schema.js';
import type { WriteBatch } from './write-batch.js';
import { pipelineOperations } from './pipelines/index.js';
import { tagOperations } from './tags/tags.js';
import { customActionTypeOperations } from './action-types/custom-action-types.js';
import { executionOperations } from './executions/index.js';
import { jobOperations } from './jobs/job-queries.js';
import { eventOperations } from './events/events.js';
import { notificationOperations } from './notifications/notification-rules.js';
import { auditOperations } from './audit/audit-records.js';
import { parameterOperations } from './parameters/index.js';
import { webhookOperations } from './webhooks/index.js';
import { sourceRevisionOperations } from './source-revisions/source-revisions.js';
import { thirdPartyActionTypeOperations } from './action-types/third-party-action-types.js';
import { identityOperations } from './identity/index.js';

/**
 * The store operations bound to one executor: the database itself, or an open transaction. `writeBatch`
 * is the dialect's way of running a transaction known in advance in one go (the engine's commits).
 */
function operations(db: Kysely<Database>, capabilities: DialectCapabilities, writeBatch?: WriteBatch): StoreOperations {
  return {
    ...pipelineOperations(db),
    ...tagOperations(db),
    ...customActionTypeOperations(db),
    ...executionOperations(db, writeBatch),
    ...jobOperations(db, capabilities),
    ...eventOperations(db),
    ...notificationOperations(db),
    ...auditOperations(db),
    ...parameterOperations(db),
    ...webhookOperations(db),
    ...sourceRevisionOperations(db),
    ...thirdPartyActionTypeOperations(db),
    ...identityOperations(db),
  };
}

/** The Store over Kysely; `transaction` hands `work` the same operations bound to the open transaction. */
export function createSqlStore(db: Kysely<Database>, capabilities: DialectCapabilities, writeBatch?: WriteBatch): Store {
  return {
    ...operations(db, capabilities, writeBatch),
    dialect: capabilities.name,
    transaction: (work) => db.transaction().execute((trx) => work(operations(trx, capabilities))),
    close: () => db.destroy(),
  };
}
