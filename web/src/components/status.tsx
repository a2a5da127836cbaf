import type { ReactNode } from 'react';

/** How every status is worded on every page (the API's value stays in `data-status` for scripts and tests). */
const labels: Record<string, string> = {
  InProgress: 'In progress',
  NotRun: 'Not run',
  AwaitingApproval: 'Awaiting approval',
  PartiallySucceeded: 'Partially succeeded',
};

export function statusLabel(status: string | undefined): string {
  const value = status ?? 'NotRun';
  return labels[value] ?? value;
}

/**
 * A status as a coloured pill; the word is always shown, so colour is never the only signal. An
 * execution or approval that runs only because a person has not answered yet reads "Awaiting approval".
 */
export function StatusBadge({ status, title, awaitingApproval }: { status: string | undefined; title?: string | undefined; awaitingApproval?: boolean }): ReactNode {
  const value = status ?? 'NotRun';
  const awaiting = awaitingApproval === true && value === 'InProgress';
  const shown = awaiting ? 'AwaitingApproval' : value;
  return (
    <span className={`badge status-${shown.toLowerCase()}`} title={title} data-status={value} data-awaiting={awaiting ? 'approval' : undefined}>
      {value === 'InProgress' && !awaiting ? <span className="spinner" aria-hidden="true" /> : null}
      {statusLabel(shown)}
    </span>
  );
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
