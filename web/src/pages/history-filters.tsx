import type { ReactNode } from 'react';
import type { PipelineExecutionSummary } from '../api/types.js';
import { statusLabel } from '../components/status.js';

/** What the history is narrowed to: a status ("AwaitingApproval" included), a trigger type, a day range. */
export interface HistoryFilter {
  status: string;
  trigger: string;
  from: string;
  to: string;
}

export const noFilter: HistoryFilter = { status: '', trigger: '', from: '', to: '' };

const statuses = ['InProgress', 'AwaitingApproval', 'Succeeded', 'Failed', 'Stopped', 'Stopping', 'Superseded', 'Cancelled'];

/**
 * ListPipelineExecutions filters only by a stage succeeded in, so the console filters what it has
 * loaded; the page says how many executions that covers and loads older ones on request.
 */
export function matches(execution: PipelineExecutionSummary, filter: HistoryFilter, awaiting: Set<string>): boolean {
  const status = awaiting.has(execution.pipelineExecutionId) && execution.status === 'InProgress' ? 'AwaitingApproval' : execution.status;
  if (filter.status !== '' && !(status === filter.status || (filter.status === 'InProgress' && status === 'AwaitingApproval'))) return false;
  if (filter.trigger !== '' && execution.trigger?.triggerType !== filter.trigger) return false;
  const started = execution.startTime ?? 0;
  if (filter.from !== '' && started < new Date(`${filter.from}T00:00:00`).getTime() / 1000) return false;
  if (filter.to !== '' && started >= new Date(`${filter.to}T00:00:00`).getTime() / 1000 + 86_400) return false;
  return true;
}

export function HistoryFilters({ filter, triggers, onChange }: { filter: HistoryFilter; triggers: string[]; onChange: (filter: HistoryFilter) => void }): ReactNode {
  const set = (change: Partial<HistoryFilter>): void => onChange({ ...filter, ...change });
  return (
    <div className="toolbar filters" role="search" aria-label="Filter executions">
      <label>
        Status{' '}
        <select value={filter.status} onChange={(event) => set({ status: event.target.value })} aria-label="Status">
          <option value="">any</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Trigger{' '}
        <select value={filter.trigger} onChange={(event) => set({ trigger: event.target.value })} aria-label="Trigger">
          <option value="">any</option>
          {triggers.map((trigger) => (
            <option key={trigger} value={trigger}>
              {trigger}
            </option>
          ))}
        </select>
      </label>
      <label>
        From <input type="date" value={filter.from} onChange={(event) => set({ from: event.target.value })} aria-label="Started from" />
      </label>
      <label>
        To <input type="date" value={filter.to} onChange={(event) => set({ to: event.target.value })} aria-label="Started until" />
      </label>
      {filter !== noFilter ? (
        <button type="button" className="small ghost" onClick={() => onChange(noFilter)}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
