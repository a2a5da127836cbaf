import { useState, type ReactNode } from 'react';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator } from '../components/status.js';
import { shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { CommandDialog, type PipelineCommand } from './pipeline-dialogs.js';
import { LatestExecutionLine } from './latest-execution.js';
import { loadPipelineView, runningActions, whyWaiting } from './pipeline-data.js';
import { StageColumn } from './stage-column.js';

/** A pipeline as stages in columns, live: what runs where, what waits and why, and the controls. */
export function PipelinePage({ name }: { name: string }): ReactNode {
  const { data: view, error, reload, live } = useLiveData(() => loadPipelineView(name), name, name);
  const [command, setCommand] = useState<PipelineCommand | undefined>(undefined);
  const now = useNow();
  const stoppable = view?.executions.filter((execution) => execution.status === 'InProgress' || execution.status === 'Stopping') ?? [];

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
      <LatestExecutionLine name={name} view={view} now={now} />
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
