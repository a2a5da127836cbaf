import type { Kysely, Transaction } from 'kysely';
import type { CommitResult, RuntimeCommit } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { enqueueJob } from '../jobs/job-queries.js';
import { actionRunRow, executionRow, ruleRunRow } from './row-mapping.js';

/**
 * Stores one decision of the engine, all of it or nothing. The runtime row is the guard: its revision
 * must still be the one the decision was made on.
 */
export async function commitRuntime(db: Kysely<Database>, commit: RuntimeCommit): Promise<CommitResult> {
  const run = (trx: Transaction<Database>) => commitIn(trx, commit);
  try {
    return db.isTransaction ? await run(db as Transaction<Database>) : await db.transaction().execute(run);
  } catch (error) {
    if (error instanceof GuardFailed) return { committed: false, guard: error.guard };
    throw error;
  }
}

/** Thrown inside the transaction so that it rolls back, then turned into the result. */
class GuardFailed extends Error {
  constructor(readonly guard: 'revision' | 'job') {
    super(`guard ${guard} failed`);
  }
}

async function commitIn(trx: Transaction<Database>, commit: RuntimeCommit): Promise<CommitResult> {
  const document = JSON.stringify(commit.runtime);
  const guarded =
    commit.expectedRevision === 0
      ? await trx
          .insertInto('pipeline_runtime')
          .values({ pipeline_name: commit.pipelineName, revision: 1, document })
          .onConflict((conflict) => conflict.column('pipeline_name').doNothing())
          .returning('revision')
          .executeTakeFirst()
      : await trx
          .updateTable('pipeline_runtime')
          .set({ revision: commit.expectedRevision + 1, document })
          .where('pipeline_name', '=', commit.pipelineName)
          .where('revision', '=', commit.expectedRevision)
          .returning('revision')
          .executeTakeFirst();
  if (guarded === undefined) throw new GuardFailed('revision');

  for (const finish of commit.finishJobs) {
    const finished = await trx
      .updateTable('jobs')
      .set({ status: finish.to, lease_until: null, end_reason: finish.endReason ?? null })
      .where('id', '=', finish.jobId)
      .where('status', 'in', [...finish.from])
      .returning('id')
      .executeTakeFirst();
    if (finished === undefined) throw new GuardFailed('job');
  }

  await writeRows(trx, commit);
  return { committed: true };
}

async function writeRows(trx: Transaction<Database>, commit: RuntimeCommit): Promise<void> {
  // One multi-row upsert per table: a batch of decisions touches many rows, and every statement has
  // a fixed cost (building, preparing, stepping) worth paying once.
  if (commit.executions.length > 0) {
    await trx
      .insertInto('executions')
      .values(commit.executions.map(executionRow))
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
      .execute();
  }
  if (commit.actionRuns.length > 0) {
    await trx
      .insertInto('action_runs')
      .values(commit.actionRuns.map(actionRunRow))
      .onConflict((conflict) =>
        conflict.column('action_execution_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          updated: eb.ref('excluded.updated'),
          document: eb.ref('excluded.document'),
        })),
      )
      .execute();
  }
  if (commit.ruleRuns.length > 0) {
    await trx
      .insertInto('rule_runs')
      .values(commit.ruleRuns.map(ruleRunRow))
      .onConflict((conflict) =>
        conflict.column('rule_execution_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          updated: eb.ref('excluded.updated'),
          document: eb.ref('excluded.document'),
        })),
      )
      .execute();
  }
  for (const job of commit.newJobs) await enqueueJob(trx, job);
  for (const actionExecutionId of commit.cancelJobsOfActionRuns) {
    await trx
      .updateTable('jobs')
      .set({ status: 'Failed', end_reason: 'The action was abandoned, timed out or cancelled.', lease_until: null })
      .where('action_execution_id', '=', actionExecutionId)
      .where('status', 'in', ['Created', 'Queued', 'Dispatched', 'InProgress'])
      .execute();
  }
  if (commit.events.length > 0) {
    await trx
      .insertInto('events')
      .values(
        commit.events.map((event) => ({
          pipeline_name: event.pipelineName,
          execution_id: event.executionId ?? null,
          time: event.time,
          detail_type: event.detailType,
          detail: JSON.stringify(event.detail),
        })),
      )
      .execute();
  }
}
