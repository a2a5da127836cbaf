import { sql, type Kysely } from 'kysely';
import type { ActionRunCursor, ActionRunRecord, ExecutionRecord, RuleRunRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { actionRunRecord, executionRecord, ruleRunRecord } from './row-mapping.js';

export async function getExecution(db: Kysely<Database>, pipelineName: string, executionId: string): Promise<ExecutionRecord | undefined> {
  const row = await db
    .selectFrom('executions')
    .select(['pipeline_name', 'client_request_token', 'document'])
    .where('pipeline_name', '=', pipelineName)
    .where('id', '=', executionId)
    .executeTakeFirst();
  return row === undefined ? undefined : executionRecord(row);
}

export async function findExecutionByRequestToken(db: Kysely<Database>, pipelineName: string, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('executions')
    .select('id')
    .where('pipeline_name', '=', pipelineName)
    .where('client_request_token', '=', token)
    .executeTakeFirst();
  return row?.id;
}

export async function listExecutions(
  db: Kysely<Database>,
  pipelineName: string,
  page: { beforeSequence?: number; limit: number; succeededInStage?: string; pipelineVersion?: number },
): Promise<ExecutionRecord[]> {
  let query = db
    .selectFrom('executions')
    .select(['pipeline_name', 'client_request_token', 'document'])
    .where('pipeline_name', '=', pipelineName)
    .orderBy('start_sequence', 'desc')
    .limit(page.limit);
  if (page.beforeSequence !== undefined) query = query.where('start_sequence', '<', page.beforeSequence);
  if (page.succeededInStage !== undefined) {
    const pattern = `%,${escapeLike(page.succeededInStage)},%`;
    query = query.where(sql<boolean>`succeeded_stages like ${pattern} escape '\\'`);
  }
  if (page.pipelineVersion !== undefined) query = query.where('pipeline_version', '=', page.pipelineVersion);
  const rows = await query.execute();
  return rows.map(executionRecord);
}

export async function listActionRuns(
  db: Kysely<Database>,
  pipelineName: string,
  page: { executionId?: string; before?: ActionRunCursor; limit: number },
): Promise<ActionRunRecord[]> {
  let query = db
    .selectFrom('action_runs')
    .selectAll()
    .where('pipeline_name', '=', pipelineName)
    .orderBy('started', 'desc')
    .orderBy('action_execution_id', 'desc')
    .limit(page.limit);
  if (page.executionId !== undefined) query = query.where('execution_id', '=', page.executionId);
  const before = page.before;
  if (before !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('started', '<', before.startedAt), eb.and([eb('started', '=', before.startedAt), eb('action_execution_id', '<', before.actionExecutionId)])]),
    );
  }
  const rows = await query.execute();
  return rows.map(actionRunRecord);
}

export async function listRuleRuns(
  db: Kysely<Database>,
  pipelineName: string,
  page: { executionId?: string; before?: ActionRunCursor; limit: number },
): Promise<RuleRunRecord[]> {
  let query = db
    .selectFrom('rule_runs')
    .selectAll()
    .where('pipeline_name', '=', pipelineName)
    .orderBy('started', 'desc')
    .orderBy('rule_execution_id', 'desc')
    .limit(page.limit);
  if (page.executionId !== undefined) query = query.where('execution_id', '=', page.executionId);
  const before = page.before;
  if (before !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('started', '<', before.startedAt), eb.and([eb('started', '=', before.startedAt), eb('rule_execution_id', '<', before.actionExecutionId)])]),
    );
  }
  const rows = await query.execute();
  return rows.map(ruleRunRecord);
}

export async function getActionRun(db: Kysely<Database>, actionExecutionId: string): Promise<ActionRunRecord | undefined> {
  const row = await db.selectFrom('action_runs').selectAll().where('action_execution_id', '=', actionExecutionId).executeTakeFirst();
  return row === undefined ? undefined : actionRunRecord(row);
}

export async function listPipelinesWithActiveExecutions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('executions').select('pipeline_name').distinct().where('active', '=', 1).execute();
  return rows.map((row) => row.pipeline_name);
}

/** Stage names are [A-Za-z0-9.@\-_]+: only `_` (and the escape itself) is special in LIKE. */
function escapeLike(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('_', '\\_');
}
