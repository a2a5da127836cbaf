import { useState, type ReactNode } from 'react';
import { call } from '../api/client.js';
import { executionSummaries, pipelineState } from '../api/records.js';
import type { PipelineExecutionSummary } from '../api/types.js';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator, StatusBadge } from '../components/status.js';
import { awaitingApproval } from '../lib/awaiting.js';
import { formatAge, formatDuration, formatTime, principalName, shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { Revision } from './pipelines-page.js';

const pageSize = 50;

/** The pipeline's executions, newest first: status, trigger, source revisions, start and duration. */
export function HistoryPage({ name }: { name: string }): ReactNode {
  const now = useNow(5000);
  const first = useLiveData(
    () => Promise.all([call('ListPipelineExecutions', { pipelineName: name, maxResults: pageSize }), call('GetPipelineState', { name })]).then(([page, state]) => ({ ...page, awaiting: awaitingApproval(pipelineState(state)) })),
    name,
    name,
  );
  const [older, setOlder] = useState<{ items: PipelineExecutionSummary[]; nextToken?: string } | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const nextToken = older !== undefined ? older.nextToken : first.data?.nextToken;
  const seen = new Set<string>();
  const executions = [...executionSummaries(first.data?.pipelineExecutionSummaries), ...(older?.items ?? [])].filter((execution) => {
    if (seen.has(execution.pipelineExecutionId)) return false;
    seen.add(execution.pipelineExecutionId);
    return true;
  });

  const loadMore = (): void => {
    if (nextToken === undefined) return;
    call('ListPipelineExecutions', { pipelineName: name, maxResults: pageSize, nextToken })
      .then((page) =>
        setOlder((before) => ({
          items: [...(before?.items ?? []), ...executionSummaries(page.pipelineExecutionSummaries)],
          ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
        })),
      )
      .catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
  };

  if (first.data === undefined && isNotFound(first.error)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name}</code>, so it has no history.</>} />;
  }

  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'History' }]}>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator live={first.live} />
      </div>
      <PipelineTabs name={name} current="history" />
      <ErrorBanner error={first.error ?? error} />
      {first.data === undefined ? (
        <p className="muted">Loading…</p>
      ) : executions.length === 0 ? (
        <p className="empty">This pipeline has not run yet.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Execution</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Source revisions</th>
              <th>Started</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {executions.map((execution) => (
              <tr key={execution.pipelineExecutionId} data-execution={execution.pipelineExecutionId}>
                <td>
                  <Link to={paths.execution(name, execution.pipelineExecutionId)}>
                    <code>{shortId(execution.pipelineExecutionId)}</code>
                  </Link>
                  {execution.executionType === 'ROLLBACK' ? <span className="tag">rollback</span> : null}
                </td>
                <td>
                  <StatusBadge status={execution.status} title={execution.statusSummary} awaitingApproval={first.data?.awaiting.has(execution.pipelineExecutionId) === true} />
                  {execution.stopTrigger?.reason !== undefined ? <div className="muted small">Stopped: {execution.stopTrigger.reason}</div> : null}
                  {execution.statusSummary !== undefined && execution.status !== 'Succeeded' && !execution.statusSummary.includes(execution.stopTrigger?.reason ?? '\u0000') ? (
                    <div className="muted small clip">{execution.statusSummary}</div>
                  ) : null}
                </td>
                <td>
                  {execution.trigger?.triggerType}
                  {execution.trigger?.triggerDetail !== undefined ? <div className="muted small clip">{principalName(execution.trigger.triggerDetail)}</div> : null}
                </td>
                <td className="revision">
                  {(execution.sourceRevisions ?? []).map((revision) => (
                    <div key={revision.actionName}>
                      <span className="muted small">{revision.actionName}</span> <Revision revision={revision} />
                    </div>
                  ))}
                </td>
                <td title={formatTime(execution.startTime)}>{formatAge(execution.startTime, now)}</td>
                <td>
                  {execution.startTime !== undefined
                    ? formatDuration((execution.status === 'InProgress' || execution.status === 'Stopping' ? now : (execution.lastUpdateTime ?? now)) - execution.startTime)
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextToken !== undefined ? (
        <button type="button" onClick={loadMore}>
          Show older executions
        </button>
      ) : null}
    </Layout>
  );
}
