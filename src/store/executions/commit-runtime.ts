import type { CompiledQuery, Kysely } from 'kysely';
import type { CommitResult, RuntimeCommit } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { queuedJobRow } from '../jobs/job-queries.js';
import { runWriteBatch, type BatchStatement, type WriteBatch } from '../write-batch.js';
import { actionRunRow, executionRow, ruleRunRow } from './row-mapping.js';

/**
 * Stores one decision of the engine, all of it or nothing. The runtime row is the guard: its revision
 * must still be the one the decision was made on; so are the jobs it finishes: each must still be open.
 */
export async function commitRuntime(db: Kysely<Database>, commit: RuntimeCommit, writeBatch?: WriteBatch): Promise<CommitResult> {
  const result = await runWriteBatch(db, runtimeStatements(db, commit), writeBatch);
  return result.committed ? { committed: true } : { committed: false, guard: result.failedGuard === 'job' ? 'job' : 'revision' };
}

function runtimeStatements(db: Kysely<Database>, commit: RuntimeCommit): BatchStatement[] {
  const document = JSON.stringify(commit.runtime);
  const { pipelineName, expectedRevision } = commit;
  const revision: BatchStatement = {
    guard: 'revision',
    query:
      expectedRevision === 0
        ? db
            .insertInto('pipeline_runtime')
            .values({ pipeline_name: pipelineName, revision: 1, document })
            .onConflict((conflict) => conflict.column('pipeline_name').doNothing())
            .returning('revision')
            .compile()
        : db
            .updateTable('pipeline_runtime')
            .set({ revision: expectedRevision + 1, document })
            .where('pipeline_name', '=', pipelineName)
            .where('revision', '=', expectedRevision)
            .returning('revision')
            .compile(),
  };
  const finishedJobs = commit.finishJobs.map(
    (finish): BatchStatement => ({
      guard: 'job',
      query: db
        .updateTable('jobs')
        .set({ status: finish.to, lease_until: null, end_reason: finish.endReason ?? null })
        .where('id', '=', finish.jobId)
        .where('status', 'in', [...finish.from])
        .returning('id')
        .compile(),
    }),
  );
  return [revision, ...finishedJobs, ...rowStatements(db, commit).map((query) => ({ query }))];
}

function rowStatements(db: Kysely<Database>, commit: RuntimeCommit): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  // One multi-row statement per table: a batch of decisions touches many rows, and every statement has
  // a fixed cost (building, preparing, stepping) worth paying once.
  const insert = <R extends object>(rows: R[], build: (rows: R[]) => CompiledQuery): void => {
    if (rows.length > 0) statements.push(build(rows));
  };
  insert(commit.executions.map(executionRow), (rows) =>
    db
      .insertInto('executions')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((eb) => ({
          pipeline_version: eb.ref('excluded.pipeline_version'),
          status: eb.ref('excluded.status'),
          active: eb.ref('excluded.active'),
          succeeded_stages: eb.ref('excluded.succeeded_stages'),
          updated: eb.ref('excluded.updated'),
          document: eb.ref('excluded.document'),
        })),
      )
      .compile(),
  );
  insert(commit.actionRuns.map(actionRunRow), (rows) =>
    db
      .insertInto('action_runs')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('action_execution_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          updated: eb.ref('excluded.updated'),
          document: eb.ref('excluded.document'),
        })),
      )
      .compile(),
  );
  insert(commit.ruleRuns.map(ruleRunRow), (rows) =>
    db
      .insertInto('rule_runs')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('rule_execution_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          updated: eb.ref('excluded.updated'),
          document: eb.ref('excluded.document'),
        })),
      )
      .compile(),
  );
  insert(commit.newJobs.map(queuedJobRow), (rows) => db.insertInto('jobs').values(rows).compile());
  for (const actionExecutionId of commit.cancelJobsOfActionRuns) {
    statements.push(
      db
        .updateTable('jobs')
        .set({ status: 'Failed', end_reason: 'The action was abandoned, timed out or cancelled.', lease_until: null })
        .where('action_execution_id', '=', actionExecutionId)
        .where('status', 'in', ['Created', 'Queued', 'Dispatched', 'InProgress'])
        .compile(),
    );
  }
  insert(
    commit.events.map((event) => ({
      pipeline_name: event.pipelineName,
      execution_id: event.executionId ?? null,
      time: event.time,
      detail_type: event.detailType,
      detail: JSON.stringify(event.detail),
    })),
    (rows) => db.insertInto('events').values(rows).compile(),
  );
  return statements;
}
