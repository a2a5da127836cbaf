import { useState, type ReactNode } from 'react';
import { Layout, PipelineTabs } from '../components/layout.js';
import { ErrorBanner, LiveIndicator, StatusBadge } from '../components/status.js';
import { formatAge, shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { CommandDialog, type PipelineCommand } from './pipeline-dialogs.js';
import { loadPipelineView } from './pipeline-data.js';
import { Revision } from './pipelines-page.js';
import { StageColumn } from './stage-column.js';

/** A pipeline as stages in columns, live: what runs where, what waits and why, and the controls. */
export function PipelinePage({ name }: { name: string }): ReactNode {
  const { data: view, error, reload, live } = useLiveData(() => loadPipelineView(name), name, name);
  const [command, setCommand] = useState<PipelineCommand | undefined>(undefined);
  const now = useNow();
  const latest = view?.executions[0];
  const stoppable = view?.executions.filter((execution) => execution.status === 'InProgress' || execution.status === 'Stopping') ?? [];

  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name }]}>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator live={live} />
        <div className="head-actions">
          <button type="button" className="primary" onClick={() => setCommand({ kind: 'release' })}>
            Release change
          </button>
          <button type="button" disabled={stoppable.length === 0} onClick={() => setCommand({ kind: 'stop', executions: stoppable })}>
            Stop execution
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
          <StatusBadge status={latest.status} title={latest.statusSummary} /> <span className="muted">{formatAge(latest.startTime, now)}</span>
          {latest.sourceRevisions?.[0] !== undefined ? (
            <>
              {' '}
              · <Revision revision={latest.sourceRevisions[0]} />
            </>
          ) : null}
          {latest.statusSummary !== undefined && latest.status !== 'Succeeded' ? <span className="muted"> · {latest.statusSummary}</span> : null}
        </p>
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
