import { useState, type ReactNode } from 'react';
import { currentUser, setCurrentUser } from '../api/client.js';
import { Link, paths } from '../router.js';

/** The frame of every page: the product name, the breadcrumb trail, and who the console acts as. */
export function Layout({ crumbs, children }: { crumbs: { label: string; to?: string }[]; children: ReactNode }): ReactNode {
  return (
    <>
      <header className="top">
        <Link to={paths.pipelines()} className="brand">
          Pipewright
        </Link>
        <Link to={paths.repositories()} className="nav-link">
          Repositories
        </Link>
        <nav aria-label="Breadcrumb" className="crumbs">
          {crumbs.map((crumb, index) => (
            <span key={`${index}-${crumb.label}`}>
              <span className="sep" aria-hidden="true">
                /
              </span>
              {crumb.to !== undefined ? <Link to={crumb.to}>{crumb.label}</Link> : <span aria-current="page">{crumb.label}</span>}
            </span>
          ))}
        </nav>
        <UserField />
      </header>
      <main>{children}</main>
    </>
  );
}

/** IAM's user-name characters (what the server accepts as x-pipewright-user). */
const validUser = /^[\w+=,.@-]{1,64}$/;

function UserField(): ReactNode {
  const [user, setUser] = useState(currentUser);
  const valid = validUser.test(user);
  return (
    <label className={`user ${valid ? '' : 'invalid'}`} title="Recorded as who approved, stopped or disabled (x-pipewright-user)">
      Acting as
      <input
        value={user}
        size={10}
        aria-label="User name"
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : 'user-refused'}
        onChange={(event) => {
          setUser(event.target.value);
          if (validUser.test(event.target.value)) setCurrentUser(event.target.value);
        }}
      />
      {valid ? null : (
        <span id="user-refused" className="user-refused" role="alert">
          Not a valid name (1–64 letters, digits or + = , . @ _ -); still acting as {currentUser()}
        </span>
      )}
    </label>
  );
}

/** A row of page tabs for one pipeline. */
export function PipelineTabs({ name, current }: { name: string; current: 'pipeline' | 'graph' | 'history' | 'definition' | 'settings' }): ReactNode {
  const tabs = [
    { id: 'pipeline', label: 'Pipeline', to: paths.pipeline(name) },
    { id: 'graph', label: 'Graph', to: paths.graph(name) },
    { id: 'history', label: 'History', to: paths.history(name) },
    { id: 'definition', label: 'Definition', to: paths.definition(name) },
    { id: 'settings', label: 'Triggers & tags', to: paths.settings(name) },
  ] as const;
  return (
    <nav className="tabs" aria-label="Pipeline views">
      {tabs.map((tab) => (
        <Link key={tab.id} to={tab.to} aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
