import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { Link, paths } from '../router.js';
import { Layout } from './layout.js';

/** The API's "there is no such thing" refusals, whatever the thing. */
export function isNotFound(error: Error | undefined): boolean {
  return error instanceof ApiError && (error.status === 404 || /NotFound/.test(error.type));
}

/** A page for something that does not exist: says what was looked for, and where to go instead. */
export function NotFoundPage({ crumbs, title, message }: { crumbs: { label: string; to?: string }[]; title: string; message: ReactNode }): ReactNode {
  return (
    <Layout crumbs={[...crumbs, { label: 'Not found' }]}>
      <div className="not-found" data-not-found="true">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to={paths.pipelines()}>See the pipelines</Link>
        </p>
      </div>
    </Layout>
  );
}
