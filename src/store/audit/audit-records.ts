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
