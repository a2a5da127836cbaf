import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** The console's pages, one URL each, so every view can be linked, bookmarked and reloaded. */
export type Route =
  | { page: 'pipelines' }
  | { page: 'pipeline'; name: string }
  | { page: 'history'; name: string }
  | { page: 'graph'; name: string }
  | { page: 'compare'; name: string }
  | { page: 'execution'; name: string; executionId: string }
  | { page: 'definition'; name: string }
  | { page: 'settings'; name: string }
  | { page: 'logs'; actionExecutionId: string }
  | { page: 'repositories' }
  | { page: 'repository'; name: string }
  | { page: 'newPipeline' }
  | { page: 'editPipeline'; name: string }
  | { page: 'notFound'; path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [first, name, section, id] = parts;
  if (parts.length === 0) return { page: 'pipelines' };
  if (first === 'logs' && name !== undefined && parts.length === 2) return { page: 'logs', actionExecutionId: name };
  if (first === 'repos') return parts.length === 1 ? { page: 'repositories' } : { page: 'repository', name: parts.slice(1).join('/') };
  if (first === 'new-pipeline' && parts.length === 1) return { page: 'newPipeline' };
  if (first === 'pipelines' && name !== undefined && section === 'edit' && parts.length === 3) return { page: 'editPipeline', name };
  if (first === 'pipelines' && name !== undefined) {
    if (section === undefined) return { page: 'pipeline', name };
    if (section === 'history' && parts.length === 3) return { page: 'history', name };
    if (section === 'graph' && parts.length === 3) return { page: 'graph', name };
    if (section === 'compare' && parts.length === 3) return { page: 'compare', name };
    if (section === 'definition' && parts.length === 3) return { page: 'definition', name };
    if (section === 'settings' && parts.length === 3) return { page: 'settings', name };
    if (section === 'executions' && id !== undefined && parts.length === 4) return { page: 'execution', name, executionId: id };
  }
  return { page: 'notFound', path: pathname };
}

const enc = encodeURIComponent;

export const paths = {
  pipelines: (): string => '/',
  pipeline: (name: string): string => `/pipelines/${enc(name)}`,
  history: (name: string): string => `/pipelines/${enc(name)}/history`,
  graph: (name: string): string => `/pipelines/${enc(name)}/graph`,
  compare: (name: string, a: string, b: string): string => `/pipelines/${enc(name)}/compare?a=${enc(a)}&b=${enc(b)}`,
  definition: (name: string): string => `/pipelines/${enc(name)}/definition`,
  edit: (name: string): string => `/pipelines/${enc(name)}/edit`,
  settings: (name: string): string => `/pipelines/${enc(name)}/settings`,
  newPipeline: (cloneOf?: string): string => `/new-pipeline${cloneOf !== undefined ? `?clone=${enc(cloneOf)}` : ''}`,
  repositories: (): string => '/repos',
  repository: (name: string): string => `/repos/${name.split('/').map(enc).join('/')}`,
  execution: (name: string, executionId: string): string => `/pipelines/${enc(name)}/executions/${enc(executionId)}`,
  logs: (actionExecutionId: string, context?: { pipeline: string; execution: string; action: string }): string =>
    `/logs/${enc(actionExecutionId)}${context !== undefined ? `?pipeline=${enc(context.pipeline)}&execution=${enc(context.execution)}&action=${enc(context.action)}` : ''}`,
};

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The current location as path plus query, re-rendering on navigation. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/** An ordinary link (middle click, copy address, open in a new tab all work) that navigates in place. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>): ReactNode {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
