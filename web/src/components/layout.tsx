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

function UserField(): ReactNode {
  const [user, setUser] = useState(currentUser);
  return (
    <label className="user" title="Recorded as who approved, stopped or disabled (x-pipewright-user)">
      Acting as
      <input
        value={user}
        size={10}
        pattern="[\w+=,.@\-]{1,64}"
        onChange={(event) => {
          setUser(event.target.value);
          if (/^[\w+=,.@-]{1,64}$/.test(event.target.value)) setCurrentUser(event.target.value);
        }}
        aria-label="User name"
      />
    </label>
  );
}

/** A row of page tabs for one pipeline. */
export function PipelineTabs({ name, current }: { name: string; current: 'pipeline' | 'history' | 'definition' }): ReactNode {
  const tabs = [
    { id: 'pipeline', label: 'Pipeline', to: paths.pipeline(name) },
    { id: 'history', label: 'History', to: paths.history(name) },
    { id: 'definition', label: 'Definition', to: paths.definition(name) },
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
