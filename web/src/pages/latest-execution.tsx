import type { ReactNode } from 'react';
import { StatusBadge } from '../components/status.js';
import { awaitingApproval } from '../lib/awaiting.js';
import { formatAge, shortId } from '../lib/format.js';
import { Link, paths } from '../router.js';
import { runningActions, type PipelineView, type RunningAction } from './pipeline-data.js';
import { Revision } from './pipelines-page.js';

/**
 * The line above a pipeline's stages or graph: its latest execution, how it stands, its revision and
 * summary, and while it stops, what the stop waits for. One component so both views say the same.
 */
export function LatestExecutionLine({ name, view, now }: { name: string; view: PipelineView | undefined; now: number }): ReactNode {
  const latest = view?.executions[0];
  if (latest === undefined) return null;
  return (
    <p className="latest">
      Latest execution{' '}
      <Link to={paths.execution(name, latest.pipelineExecutionId)}>
        <code>{shortId(latest.pipelineExecutionId)}</code>
      </Link>{' '}
      <StatusBadge status={latest.status} title={latest.statusSummary} awaitingApproval={awaitingApproval(view?.state).has(latest.pipelineExecutionId)} />{' '}
      <span className="muted">{formatAge(latest.startTime, now)}</span>
      {latest.sourceRevisions?.[0] !== undefined ? (
        <>
          {' '}
          · <Revision revision={latest.sourceRevisions[0]} />
        </>
      ) : null}
      {latest.statusSummary !== undefined && latest.status !== 'Succeeded' ? <span className="muted"> · {latest.statusSummary}</span> : null}
      {latest.status === 'Stopping' && view !== undefined ? <StoppingNote running={runningActions(view).filter((action) => action.executionId === latest.pipelineExecutionId)} /> : null}
    </p>
  );
}

/** What a "stop and wait" waits for: the actions still running, and for an approval, a person. */
function StoppingNote({ running }: { running: RunningAction[] }): ReactNode {
  if (running.length === 0) return null;
  return (
    <span className="stopping-note" role="status">
      {' '}
      · Stopping: waits for{' '}
      {running.map((action, index) => (
        <span key={`${action.stageName}.${action.actionName}`}>
          {index > 0 ? ', ' : ''}
          <strong>
            {action.stageName}.{action.actionName}
          </strong>
          {action.approval ? ' (an approval: it ends when someone approves or rejects it, or when it times out)' : ' to finish'}
        </span>
      ))}
      . Stop again with “abandon” to end it now.
    </span>
  );
}
