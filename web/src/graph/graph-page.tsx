import type { ReactNode } from 'react';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator } from '../components/status.js';
import { useLiveData, useNow } from '../lib/live.js';
import { LatestExecutionLine } from '../pages/latest-execution.js';
import { loadPipelineView } from '../pages/pipeline-data.js';
import { paths } from '../router.js';
import { PipelineGraph } from './pipeline-graph.js';

/** The pipeline as a drawn graph, following the latest execution live. */
export function GraphPage({ name }: { name: string }): ReactNode {
  const { data: view, error, live } = useLiveData(() => loadPipelineView(name), name, name);
  const now = useNow();
  if (view === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name}</code> to draw.</>} />;
  }
  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'Graph' }]}>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator live={live} />
      </div>
      <PipelineTabs name={name} current="graph" />
      <ErrorBanner error={error} />
      <LatestExecutionLine name={name} view={view} now={now} />
      {view === undefined ? error === undefined ? <p className="muted">Loading…</p> : null : <PipelineGraph view={view} now={now} />}
      <p className="muted small graph-legend">Solid lines: artifacts, from the action that writes one to each action that reads it. Grey arrows: transitions between stages (red and dashed when disabled).</p>
    </Layout>
  );
}
