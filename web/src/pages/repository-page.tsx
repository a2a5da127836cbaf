import type { ReactNode } from 'react';
import { getApi } from '../api/client.js';
import { Layout } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner } from '../components/status.js';
import { formatAge, formatTime } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { paths } from '../router.js';

/** `GET /api/repos/<name>`: a hosted repository with its branches and recent commits. */
export interface RepositoryDetails {
  name: string;
  cloneUrl: string;
  defaultBranch?: string;
  branches: { name: string; commit: string; committedAt: number; subject: string }[];
  commits: { commit: string; author: string; authoredAt: number; subject: string }[];
}

/** A repository Pipewright hosts: how to clone it, its branches, and the default branch's recent commits. */
export function RepositoryPage({ name }: { name: string }): ReactNode {
  const { data: repository, error } = useLiveData(() => getApi<RepositoryDetails>(`/api/repos/${name.split('/').map(encodeURIComponent).join('/')}`), name, null);
  const now = useNow(10_000);
  const crumbs = [
    { label: 'Repositories', to: paths.repositories() },
    { label: name },
  ];
  if (repository === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={[{ label: 'Repositories', to: paths.repositories() }]} title="No such repository" message={<>No repository named <code>{name}</code> is hosted here.</>} />;
  }
  return (
    <Layout crumbs={crumbs}>
      <div className="page-head">
        <h1>{name}</h1>
      </div>
      <ErrorBanner error={error} />
      {repository === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <>
          <label className="clone">
            Clone
            <input readOnly value={`git clone ${repository.cloneUrl}`} aria-label="Clone command" onFocus={(event) => event.currentTarget.select()} />
          </label>
          <h2>Branches</h2>
          {repository.branches.length === 0 ? (
            <p className="empty">
              No branches yet: push one with <code>git push {repository.cloneUrl} main</code>.
            </p>
          ) : (
            <table className="list" aria-label="Branches">
              <tbody>
                {repository.branches.map((branch) => (
                  <tr key={branch.name} data-branch={branch.name}>
                    <td>
                      <strong>{branch.name}</strong>
                      {branch.name === repository.defaultBranch ? <span className="tag">default</span> : null}
                    </td>
                    <td>
                      <code>{branch.commit.slice(0, 10)}</code> <span className="muted">{branch.subject}</span>
                    </td>
                    <td className="muted hide-narrow" title={formatTime(branch.committedAt)}>
                      {formatAge(branch.committedAt, now)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {repository.commits.length > 0 ? (
            <>
              <h2>Recent commits{repository.defaultBranch !== undefined ? ` on ${repository.defaultBranch}` : ''}</h2>
              <table className="list compact" aria-label="Recent commits">
                <tbody>
                  {repository.commits.map((commit) => (
                    <tr key={commit.commit} data-commit={commit.commit}>
                      <td>
                        <code>{commit.commit.slice(0, 10)}</code>
                      </td>
                      <td>{commit.subject}</td>
                      <td className="muted">{commit.author}</td>
                      <td className="muted hide-narrow" title={formatTime(commit.authoredAt)}>
                        {formatAge(commit.authoredAt, now)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      )}
    </Layout>
  );
}
