import type { FastifyInstance } from 'fastify';
import type { ActionRunRecord, StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { sendApiError } from './api-route-support.js';

const page = 200;

export interface ReportsRouteOptions {
  store: Pick<StoreOperations, 'getExecution' | 'listActionRuns'>;
}

/**
 * `GET /api/executions/<pipeline>/<executionId>/reports` → `{reports: [{stageName, actionName,
 * actionExecutionId, status, reports: [TestReport…], coverageReports: [CoverageReport…]}]}`: the test
 * and code coverage reports the execution's builds
 * produced, oldest action run first (CodePipeline's API has no field for them; CodeBuild keeps them in
 * report groups). Runs without reports are left out.
 */
export function registerReportsRoute(app: FastifyInstance, options: ReportsRouteOptions): void {
  app.get('/api/executions/:pipelineName/:executionId/reports', async (request, reply) => {
    const { pipelineName, executionId } = request.params as { pipelineName: string; executionId: string };
    try {
      const execution = await options.store.getExecution(pipelineName, executionId);
      if (execution === undefined) {
        throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${pipelineName} has no execution with id ${executionId}.`);
      }
      const runs = await allRuns(options.store, pipelineName, executionId);
      const reports = runs
        .filter((run) => (run.document.reports?.length ?? 0) > 0)
        .reverse()
        .map((run) => {
          // Coverage reports are kept with the test reports and served beside them.
          const all = run.document.reports ?? [];
          return {
            stageName: run.stageName,
            actionName: run.actionName,
            actionExecutionId: run.actionExecutionId,
            status: run.status,
            reports: all.filter((report) => !isCoverage(report)),
            coverageReports: all.filter(isCoverage),
          };
        });
      return reply.header('cache-control', 'no-store').send({ reports });
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });
}

function isCoverage(report: unknown): boolean {
  return typeof report === 'object' && report !== null && (report as { type?: unknown }).type === 'CODE_COVERAGE';
}

async function allRuns(store: ReportsRouteOptions['store'], pipelineName: string, executionId: string): Promise<ActionRunRecord[]> {
  const runs: ActionRunRecord[] = [];
  for (;;) {
    const last = runs.at(-1);
    const batch = await store.listActionRuns(pipelineName, {
      executionId,
      limit: page,
      ...(last !== undefined ? { before: { startedAt: last.startedAt, actionExecutionId: last.actionExecutionId } } : {}),
    });
    runs.push(...batch);
    if (batch.length < page) return runs;
  }
}
