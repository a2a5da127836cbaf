import type { ReactNode } from 'react';
import { NotFoundPage } from './components/not-found.js';
import { DefinitionPage } from './pages/definition-page.js';
import { ExecutionPage } from './pages/execution-page.js';
import { HistoryPage } from './pages/history-page.js';
import { LogsPage } from './pages/logs-page.js';
import { PipelinePage } from './pages/pipeline-page.js';
import { PipelinesPage } from './pages/pipelines-page.js';
import { RepositoriesPage } from './pages/repositories-page.js';
import { RepositoryPage } from './pages/repository-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { EditorPage } from './editor/editor-page.js';
import { GraphPage } from './graph/graph-page.js';
import { ComparePage } from './compare/compare-page.js';
import { parseRoute, useLocation } from './router.js';

export function App(): ReactNode {
  const location = useLocation();
  const [pathname = '/', query = ''] = location.split('?');
  const search = query === '' ? '' : `?${query}`;
  const route = parseRoute(pathname);
  switch (route.page) {
    case 'pipelines':
      return <PipelinesPage />;
    case 'pipeline':
      return <PipelinePage key={route.name} name={route.name} />;
    case 'history':
      return <HistoryPage key={route.name} name={route.name} />;
    case 'graph':
      return <GraphPage key={route.name} name={route.name} />;
    case 'compare':
      return <ComparePage key={`${route.name}${search}`} name={route.name} search={search} />;
    case 'execution':
      return <ExecutionPage key={`${route.name}/${route.executionId}`} name={route.name} executionId={route.executionId} />;
    case 'definition':
      return <DefinitionPage key={route.name} name={route.name} search={search} />;
    case 'logs':
      return <LogsPage key={route.actionExecutionId} actionExecutionId={route.actionExecutionId} search={search} />;
    case 'settings':
      return <SettingsPage key={route.name} name={route.name} />;
    case 'repositories':
      return <RepositoriesPage />;
    case 'repository':
      return <RepositoryPage key={route.name} name={route.name} />;
    case 'newPipeline':
      return <EditorPage key={`new${search}`} name={undefined} cloneOf={new URLSearchParams(search).get('clone') ?? undefined} />;
    case 'editPipeline':
      return <EditorPage key={route.name} name={route.name} cloneOf={undefined} />;
    case 'notFound':
      return (
        <NotFoundPage crumbs={[]} title="Nothing here" message={<>The console has no page at <code>{route.path}</code>.</>} />
      );
  }
}
