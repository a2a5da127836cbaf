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
import { Link, navigate, paths } from '../router.js';
import { HistoryFilters, matches, noFilter, type HistoryFilter } from './history-filters.js';
import { Revision } from './pipelines-page.js';

/** Executions loaded per request, and shown per page. */
const loadSize = 50;
const shownPerPage = 20;
const triggerTypes = ['CreatePipeline', 'StartPipelineExecution', 'PollForSourceChanges', 'Webhook', 'CloudWatchEvent', 'PutActionRevision', 'WebhookV2', 'ManualRollback', 'AutomatedRollback'];

/** The pipeline's executions, newest first: status, trigger, source revisions, start and duration. */
export function HistoryPage({ name }: { name: string }): ReactNode {
  const now = useNow(5000);
  const first = useLiveData(
    () => Promise.all([call('ListPipelineExecutions', { pipelineName: name, maxResults: loadSize }), call('GetPipelineState', { name })]).then(([page, state]) => ({ ...page, awaiting: awaitingApproval(pipelineState(state)) })),
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

  const [filter, setFilter] = useState<HistoryFilter>(noFilter);
  const [pageIndex, setPageIndex] = useState(0);
  // The two executions picked for comparison, oldest pick first; a third pick replaces the oldest.
  const [picked, setPicked] = useState<string[]>([]);
  const pick = (executionId: string, on: boolean): void => setPicked((before) => (on ? [...before.filter((id) => id !== executionId), executionId].slice(-2) : before.filter((id) => id !== executionId)));
  const awaiting = first.data?.awaiting ?? new Set<string>();
  const matching = executions.filter((execution) => matches(execution, filter, awaiting));
  const pageCount = Math.max(1, Math.ceil(matching.length / shownPerPage));
  const shownPage = Math.min(pageIndex, pageCount - 1);
  const shown = matching.slice(shownPage * shownPerPage, (shownPage + 1) * shownPerPage);
  const filtering = filter !== noFilter;

  const loadMore = (): void => {
    if (nextToken === undefined) return;
    call('ListPipelineExecutions', { pipelineName: name, maxResults: loadSize, nextToken })
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
      <HistoryFilters
        filter={filter}
        triggers={triggerTypes}
        onChange={(next) => {
          setFilter(next);
          setPageIndex(0);
        }}
      />
      <div className="toolbar compare-bar">
        <button type="button" disabled={picked.length !== 2} onClick={() => navigate(paths.compare(name, picked[0] ?? '', picked[1] ?? ''))}>
          Compare {picked.length}/2 selected
        </button>
        <span className="muted small">{picked.length === 2 ? picked.map(shortId).join(' and ') : 'Tick two executions to compare them side by side.'}</span>
      </div>
      {first.data === undefined ? (
        <p className="muted">Loading…</p>
      ) : executions.length === 0 ? (
        <p className="empty">This pipeline has not run yet.</p>
      ) : shown.length === 0 ? (
        <p className="empty">No execution among the {executions.length} loaded matches these filters.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">Compare</span>
              </th>
              <th>Execution</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Source revisions</th>
              <th>Started</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((execution) => (
              <tr key={execution.pipelineExecutionId} data-execution={execution.pipelineExecutionId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${shortId(execution.pipelineExecutionId)}`}
                    checked={picked.includes(execution.pipelineExecutionId)}
                    onChange={(event) => pick(execution.pipelineExecutionId, event.target.checked)}
                  />
                </td>
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
      <nav className="pager" aria-label="Pages of executions">
        <button type="button" disabled={shownPage === 0} onClick={() => setPageIndex(shownPage - 1)}>
          Newer
        </button>
        <span data-page-status>
          {matching.length === 0
            ? 'No executions'
            : `${shownPage * shownPerPage + 1}–${shownPage * shownPerPage + shown.length} of ${matching.length}${nextToken !== undefined ? '+' : ''}`}
          {filtering ? ` matching, of ${executions.length} loaded` : ''} · page {shownPage + 1} of {pageCount}
          {nextToken !== undefined ? '+' : ''}
        </span>
        <button
          type="button"
          disabled={shownPage >= pageCount - 1 && nextToken === undefined}
          onClick={() => {
            if (shownPage >= pageCount - 1) loadMore();
            setPageIndex(shownPage + 1);
          }}
        >
          Older
        </button>
        {filtering && nextToken !== undefined ? (
          <button type="button" className="ghost" onClick={loadMore}>
            Search older executions
          </button>
        ) : null}
      </nav>
    </Layout>
  );
}
