import type { Kysely } from 'kysely';
import type { AuditOperations, AuditRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

export function auditOperations(db: Kysely<Database>): AuditOperations {
  return {
    appendAudit: async (record) => {
      await db
        .insertInto('audit_records')
        .values({
          time: record.time,
          request_id: record.requestId,
          principal: record.principal,
          operation: record.operation,
          pipeline_name: record.pipelineName ?? null,
          outcome: record.outcome,
          message: record.message ?? null,
        })
        .execute();
    },
    trimAudit: async (keep) => {
      // Sequences only grow: everything at or below (latest - keep) is older than the latest `keep` records.
      const latest = await db.selectFrom('audit_records').select((eb) => eb.fn.max('sequence').as('latest')).executeTakeFirst();
      const below = Number(latest?.latest ?? 0) - keep;
      if (below <= 0) return 0;
      const deleted = await db.deleteFrom('audit_records').where('sequence', '<=', below).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
    listAudit: async (request) => {
      let query = db.selectFrom('audit_records').selectAll().orderBy('sequence', 'desc').limit(request.limit);
      if (request.afterSequence !== undefined) query = query.where('sequence', '>', request.afterSequence);
      if (request.beforeSequence !== undefined) query = query.where('sequence', '<', request.beforeSequence);
      if (request.pipelineName !== undefined) query = query.where('pipeline_name', '=', request.pipelineName);
      const rows = await query.execute();
      return rows.map(
        (row): AuditRecord => ({
          sequence: row.sequence,
          time: row.time,
          requestId: row.request_id,
          principal: row.principal,
          operation: row.operation,
          outcome: row.outcome,
          ...(row.pipeline_name !== null ? { pipelineName: row.pipeline_name } : {}),
          ...(row.message !== null ? { message: row.message } : {}),
        }),
      );
    },
  };
}
