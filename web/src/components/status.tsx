import type { ReactNode } from 'react';

/** A status as a coloured pill; the word is always shown, so colour is never the only signal. */
export function StatusBadge({ status, title }: { status: string | undefined; title?: string }): ReactNode {
  const value = status ?? 'NotRun';
  return (
    <span className={`badge status-${value.toLowerCase()}`} title={title} data-status={value}>
      {value === 'InProgress' ? <span className="spinner" aria-hidden="true" /> : null}
      {label(value)}
    </span>
  );
}

function label(status: string): string {
  return status === 'InProgress' ? 'In progress' : status === 'NotRun' ? 'Not run' : status;
}

export function ErrorBanner({ error }: { error: Error | undefined }): ReactNode {
  if (error === undefined) return null;
  const type = 'type' in error && typeof error.type === 'string' ? `${error.type}: ` : '';
  return (
    <div className="error-banner" role="alert">
      {type}
      {error.message}
    </div>
  );
}

export function LiveIndicator({ live }: { live: boolean }): ReactNode {
  return (
    <span className={`live ${live ? 'on' : 'off'}`} title={live ? 'Updates live from the server' : 'Not connected: reconnecting…'}>
      <span className="dot" aria-hidden="true" />
      {live ? 'Live' : 'Offline'}
    </span>
  );
}
