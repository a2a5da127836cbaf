import type { ReactNode } from 'react';
import { Layout } from './components/layout.js';
import { DefinitionPage } from './pages/definition-page.js';
import { ExecutionPage } from './pages/execution-page.js';
import { HistoryPage } from './pages/history-page.js';
import { LogsPage } from './pages/logs-page.js';
import { PipelinePage } from './pages/pipeline-page.js';
import { PipelinesPage } from './pages/pipelines-page.js';
import { Link, parseRoute, paths, useLocation } from './router.js';

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
    case 'execution':
      return <ExecutionPage key={`${route.name}/${route.executionId}`} name={route.name} executionId={route.executionId} />;
    case 'definition':
      return <DefinitionPage key={route.name} name={route.name} search={search} />;
    case 'logs':
      return <LogsPage key={route.actionExecutionId} actionExecutionId={route.actionExecutionId} search={search} />;
    case 'notFound':
      return (
        <Layout crumbs={[{ label: 'Not found' }]}>
          <h1>Nothing here</h1>
          <p>
            The console has no page at <code>{route.path}</code>. <Link to={paths.pipelines()}>See the pipelines.</Link>
          </p>
        </Layout>
      );
  }
}
