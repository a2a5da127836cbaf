import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { allPages, call } from '../api/client.js';
import { executionSummaries, pipelineState, pipelineSummaries } from '../api/records.js';
import type { PipelineExecutionSummary, PipelineSummary } from '../api/types.js';
import { Layout } from '../components/layout.js';
import { ErrorBanner, LiveIndicator, StatusBadge, statusLabel } from '../components/status.js';
import { awaitingApproval } from '../lib/awaiting.js';
import { formatAge, formatDuration, shortId } from '../lib/format.js';
import { useEvents, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';

type Latest = Record<string, PipelineExecutionSummary | null>;

/** Every pipeline with its latest execution (status, age, duration), searchable, updated live. */
export function PipelinesPage(): ReactNode {
  const [pipelines, setPipelines] = useState<PipelineSummary[] | undefined>(undefined);
  const [latest, setLatest] = useState<Latest>({});
  const [awaiting, setAwaiting] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<Error | undefined>(undefined);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const now = useNow(5000);
  const pending = useRef(new Map<string, boolean>());

  const loadLatest = useCallback((name: string) => {
    // One request per pipeline at a time; an event during it asks for one more afterwards.
    const load = (): void => {
      if (pending.current.has(name)) {
        pending.current.set(name, true);
        return;
      }
      pending.current.set(name, false);
      call('ListPipelineExecutions', { pipelineName: name, maxResults: 1 })
        .then(async (page) => {
          const execution = executionSummaries(page.pipelineExecutionSummaries)[0] ?? null;
          // Only a running execution can wait for a person; its pipeline's state says whether it does.
          const waits = execution?.status === 'InProgress' ? awaitingApproval(pipelineState(await call('GetPipelineState', { name }))).has(execution.pipelineExecutionId) : false;
          setAwaiting((before) => ({ ...before, [name]: waits }));
          setLatest((before) => ({ ...before, [name]: execution }));
        })
        .catch(() => setLatest((before) => ({ ...before, [name]: null })))
        .finally(() => {
          const again = pending.current.get(name) === true;
          pending.current.delete(name);
          if (again) load();
        });
    };
    load();
  }, []);

  const listing = useRef<'idle' | 'loading' | 'again'>('idle');
  const loadAll = useCallback(() => {
    // Coalesced like loadLatest: the first load and the stream's opening often come together.
    const load = (): void => {
      if (listing.current !== 'idle') {
        listing.current = 'again';
        return;
      }
      listing.current = 'loading';
      allPages(async (nextToken) => {
        const page = await call('ListPipelines', { maxResults: 1000, ...(nextToken !== undefined ? { nextToken } : {}) });
        return { items: pipelineSummaries(page.pipelines), ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
      }, 10_000)
        .then((list) => {
          setPipelines(list);
          setError(undefined);
          for (const pipeline of list) loadLatest(pipeline.name);
        })
        .catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))))
        .finally(() => {
          const again = listing.current === 'again';
          listing.current = 'idle';
          if (again) load();
        });
    };
    load();
  }, [loadLatest]);

  useEffect(loadAll, [loadAll]);

  const known = useRef(new Set<string>());
  useEffect(() => {
    known.current = new Set(pipelines?.map((pipeline) => pipeline.name));
  }, [pipelines]);
  const live = useEvents(
    undefined,
    (event) => {
      if (event['detail-type'] !== 'CodePipeline Pipeline Execution State Change') return;
      if (known.current.has(event.detail.pipeline)) loadLatest(event.detail.pipeline);
      else loadAll();
    },
    // What happened before the stream opened (it starts at the newest event) is loaded again.
    loadAll,
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === '/' && document.activeElement?.tagName !== 'INPUT') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  const shown = (pipelines ?? []).filter((pipeline) => {
    const status = statusLabel(awaiting[pipeline.name] === true ? 'AwaitingApproval' : latest[pipeline.name]?.status).toLowerCase();
    return words.every((word) => pipeline.name.toLowerCase().includes(word) || status.includes(word));
  });

  return (
    <Layout crumbs={[{ label: 'Pipelines' }]}>
      <div className="page-head">
        <h1>Pipelines</h1>
        <LiveIndicator live={live} />
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Search pipelines (press /)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-label="Search pipelines"
        />
        <Link to={paths.newPipeline()} className="button primary">
          Create pipeline
        </Link>
      </div>
      <ErrorBanner error={error} />
      {pipelines === undefined ? (
        <p className="muted">Loading…</p>
      ) : pipelines.length === 0 ? (
        <p className="empty">No pipelines yet. <Link to={paths.newPipeline()}>Create one</Link>, or use <code>aws codepipeline create-pipeline</code> or <code>pipewright apply</code>.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest execution</th>
              <th>Started</th>
              <th className="hide-narrow">Duration</th>
              <th className="hide-narrow">Source revision</th>
              <th className="hide-narrow">Type</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((pipeline) => {
              const execution = latest[pipeline.name];
              const revision = execution?.sourceRevisions?.[0];
              return (
                <tr key={pipeline.name} data-pipeline={pipeline.name}>
                  <td>
                    <Link to={paths.pipeline(pipeline.name)} className="strong">
                      {pipeline.name}
                    </Link>
                  </td>
                  <td>
                    {execution === undefined ? (
                      <span className="muted">…</span>
                    ) : execution === null ? (
                      <span className="muted">Never run</span>
                    ) : (
                      <Link to={paths.execution(pipeline.name, execution.pipelineExecutionId)} className="plain">
                        <StatusBadge status={execution.status} title={execution.statusSummary} awaitingApproval={awaiting[pipeline.name] === true} /> <code>{shortId(execution.pipelineExecutionId)}</code>
                      </Link>
                    )}
                  </td>
                  <td title={execution?.startTime !== undefined ? new Date(execution.startTime * 1000).toLocaleString() : undefined}>
                    {formatAge(execution?.startTime, now)}
                  </td>
                  <td className="hide-narrow">
                    {execution?.startTime !== undefined
                      ? formatDuration((execution.status === 'InProgress' || execution.status === 'Stopping' ? now : (execution.lastUpdateTime ?? now)) - execution.startTime)
                      : ''}
                  </td>
                  <td className="revision hide-narrow">{revision !== undefined ? <Revision revision={revision} /> : null}</td>
                  <td className="muted hide-narrow">
                    {pipeline.pipelineType ?? 'V1'} · {pipeline.executionMode ?? 'SUPERSEDED'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pipelines !== undefined && pipelines.length > 0 && shown.length === 0 ? <p className="empty">No pipeline matches “{query}”.</p> : null}
    </Layout>
  );
}

export function Revision({ revision }: { revision: { revisionId?: string; revisionSummary?: string; revisionUrl?: string } }): ReactNode {
  const id = <code>{revision.revisionId?.slice(0, 10)}</code>;
  const summary = revision.revisionSummary !== undefined ? <span className="summary">{summaryText(revision.revisionSummary)}</span> : null;
  return (
    <span title={revision.revisionSummary}>
      {revision.revisionUrl !== undefined ? (
        <a href={revision.revisionUrl} target="_blank" rel="noreferrer">
          {id}
        </a>
      ) : (
        id
      )}{' '}
      {summary}
    </span>
  );
}

/** Source revision summaries may be JSON (`{"ProviderType":…,"CommitMessage":…}`) or plain text. */
function summaryText(summary: string): string {
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: string };
    if (typeof parsed.CommitMessage === 'string') return parsed.CommitMessage;
  } catch {
    // plain text
  }
  return summary.split('\n')[0] ?? summary;
}
