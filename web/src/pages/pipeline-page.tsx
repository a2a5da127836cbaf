import { useState, type ReactNode } from 'react';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator, StatusBadge } from '../components/status.js';
import { awaitingApproval } from '../lib/awaiting.js';
import { formatAge, shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { CommandDialog, type PipelineCommand } from './pipeline-dialogs.js';
import { loadPipelineView, runningActions, whyWaiting, type RunningAction } from './pipeline-data.js';
import { Revision } from './pipelines-page.js';
import { StageColumn } from './stage-column.js';

/** A pipeline as stages in columns, live: what runs where, what waits and why, and the controls. */
export function PipelinePage({ name }: { name: string }): ReactNode {
  const { data: view, error, reload, live } = useLiveData(() => loadPipelineView(name), name, name);
  const [command, setCommand] = useState<PipelineCommand | undefined>(undefined);
  const now = useNow();
  const latest = view?.executions[0];
  const stoppable = view?.executions.filter((execution) => execution.status === 'InProgress' || execution.status === 'Stopping') ?? [];
  const awaiting = awaitingApproval(view?.state);

  if (view === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name}</code>. It may have been deleted or renamed.</>} />;
  }

  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name }]}>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator live={live} />
        <div className="head-actions">
          <button type="button" className="primary" disabled={view === undefined} onClick={() => setCommand({ kind: 'release', declaration: view?.declaration })}>
            Release change
          </button>
          <button type="button" disabled={stoppable.length === 0} onClick={() => setCommand({ kind: 'stop', executions: stoppable, running: view === undefined ? [] : runningActions(view) })}>
            Stop execution
          </button>
          <Link to={paths.edit(name)} className="button">
            Edit
          </Link>
          <Link to={paths.newPipeline(name)} className="button">
            Clone
          </Link>
          <button type="button" className="ghost danger-text" disabled={view === undefined} onClick={() => setCommand({ kind: 'delete' })}>
            Delete
          </button>
        </div>
      </div>
      <PipelineTabs name={name} current="pipeline" />
      <ErrorBanner error={error} />
      {latest !== undefined ? (
        <p className="latest">
          Latest execution{' '}
          <Link to={paths.execution(name, latest.pipelineExecutionId)}>
            <code>{shortId(latest.pipelineExecutionId)}</code>
          </Link>{' '}
          <StatusBadge status={latest.status} title={latest.statusSummary} awaitingApproval={awaiting.has(latest.pipelineExecutionId)} /> <span className="muted">{formatAge(latest.startTime, now)}</span>
          {latest.sourceRevisions?.[0] !== undefined ? (
            <>
              {' '}
              · <Revision revision={latest.sourceRevisions[0]} />
            </>
          ) : null}
          {latest.statusSummary !== undefined && latest.status !== 'Succeeded' ? <span className="muted"> · {latest.statusSummary}</span> : null}
          {latest.status === 'Stopping' && view !== undefined ? <StoppingNote running={runningActions(view).filter((action) => action.executionId === latest.pipelineExecutionId)} /> : null}
        </p>
      ) : null}
      {view !== undefined && whyWaiting(view).length > 0 ? (
        <ul className="why-waits" aria-label="Why executions wait">
          {whyWaiting(view).map((reason) => (
            <li key={`${reason.executionId}-${reason.text}`} data-waits={reason.executionId}>
              <Link to={paths.execution(name, reason.executionId)}>
                <code>{shortId(reason.executionId)}</code>
              </Link>{' '}
              {reason.text}
            </li>
          ))}
        </ul>
      ) : null}
      {view === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <div className="stages" data-version={view.declaration.version}>
          {view.declaration.stages.map((stage, index) => (
            <StageColumn key={stage.name} view={view} stage={stage} first={index === 0} now={now} onCommand={setCommand} />
          ))}
        </div>
      )}
      {command !== undefined ? (
        <CommandDialog
          pipelineName={name}
          command={command}
          onDone={() => {
            setCommand(undefined);
            reload();
          }}
        />
      ) : null}
    </Layout>
  );
}

/** What a "stop and wait" waits for: the actions still running, and for an approval, a person. */
function StoppingNote({ running }: { running: RunningAction[] }): ReactNode {
  if (running.length === 0) return null;
  return (
    <span className="stopping-note" role="status">
      {' '}
      · Stopping: waits for{' '}
      {running.map((action, index) => (
        <span key={`${action.stageName}.${action.actionName}`}>
          {index > 0 ? ', ' : ''}
          <strong>
            {action.stageName}.{action.actionName}
          </strong>
          {action.approval ? ' (an approval: it ends when someone approves or rejects it, or when it times out)' : ' to finish'}
        </span>
      ))}
      . Stop again with “abandon” to end it now.
    </span>
  );
}
