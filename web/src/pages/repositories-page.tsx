import type { ReactNode } from 'react';
import { getApi } from '../api/client.js';
import { Layout } from '../components/layout.js';
import { ErrorBanner } from '../components/status.js';
import { useLiveData } from '../lib/live.js';
import { Link, paths } from '../router.js';

interface RepositorySummary {
  name: string;
  defaultBranch?: string;
  cloneUrl: string;
}

/** The git repositories Pipewright hosts (`GET /api/repos`). */
export function RepositoriesPage(): ReactNode {
  const { data, error } = useLiveData(() => getApi<{ repositories: RepositorySummary[] }>('/api/repos'), 'repos', null);
  return (
    <Layout crumbs={[{ label: 'Repositories' }]}>
      <div className="page-head">
        <h1>Repositories</h1>
      </div>
      <ErrorBanner error={error} />
      {data === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : data.repositories.length === 0 ? (
        <p className="empty">
          No repositories yet. Create one with <code>pipewright repo create &lt;name&gt;</code>.
        </p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th className="hide-narrow">Default branch</th>
              <th>Clone URL</th>
            </tr>
          </thead>
          <tbody>
            {data.repositories.map((repository) => (
              <tr key={repository.name} data-repository={repository.name}>
                <td>
                  <Link to={paths.repository(repository.name)} className="strong">
                    {repository.name}
                  </Link>
                </td>
                <td className="hide-narrow">{repository.defaultBranch}</td>
                <td>
                  <code className="small">{repository.cloneUrl}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
