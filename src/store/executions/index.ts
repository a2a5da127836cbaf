import type { Kysely } from 'kysely';
import type { ExecutionOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import type { WriteBatch } from '../write-batch.js';
import { commitRuntime } from './commit-runtime.js';
import { loadRuntime } from './load-runtime.js';
import {
  findExecutionByRequestToken,
  getActionRun,
  getExecution,
  listActionRuns,
  listRuleRuns,
  listExecutions,
  listPipelinesWithActiveExecutions,
} from './queries.js';

export function executionOperations(db: Kysely<Database>, writeBatch?: WriteBatch): ExecutionOperations {
  return {
    loadRuntime: (name) => loadRuntime(db, name),
    commitRuntime: (commit) => commitRuntime(db, commit, writeBatch),
    getExecution: (name, id) => getExecution(db, name, id),
    findExecutionByRequestToken: (name, token) => findExecutionByRequestToken(db, name, token),
    listExecutions: (name, page) => listExecutions(db, name, page),
    listActionRuns: (name, page) => listActionRuns(db, name, page),
    getActionRun: (id) => getActionRun(db, id),
    listRuleRuns: (name, page) => listRuleRuns(db, name, page),
    listPipelinesWithActiveExecutions: () => listPipelinesWithActiveExecutions(db),
  };
}
