import type { ReactNode } from 'react';
import type { ActionDeclaration, ActionExecutionDetail, ActionState } from '../api/types.js';
import { BreakableName } from '../components/breakable-name.js';
import { StatusBadge } from '../components/status.js';
import { formatDuration, principalName } from '../lib/format.js';
import { Link, paths } from '../router.js';

/** One action in the pipeline view: status, provider, summary, duration and its links. */
export function ActionCard({
  pipelineName,
  stageName,
  declaration,
  state,
  run,
  stageExecutionId,
  now,
  onReview,
}: {
  pipelineName: string;
  stageName: string;
  declaration: ActionDeclaration;
  state: ActionState | undefined;
  run: ActionExecutionDetail | undefined;
  /** The execution the stage ran last (the run's own, when the run is among the recent ones loaded). */
  stageExecutionId: string | undefined;
  now: number;
  onReview: () => void;
}): ReactNode {
  const latest = state?.latestExecution;
  const status = latest?.status;
  const type = declaration.actionTypeId;
  const started = run?.startTime;
  const ended = status === 'InProgress' ? now : (run?.lastUpdateTime ?? latest?.lastStatusChange);
  const isApproval = type.category === 'Approval';
  const reviewable = isApproval && status === 'InProgress' && latest?.token !== undefined;
  const executionId = run?.pipelineExecutionId ?? stageExecutionId;
  return (
    <article className={`action status-edge-${(status ?? 'notrun').toLowerCase()}`} data-action={declaration.name} aria-label={`Action ${declaration.name}`}>
      <header>
        <h4>
          <BreakableName name={declaration.name} />
        </h4>
        <StatusBadge status={status} awaitingApproval={isApproval} />
      </header>
      <p className="provider">
        {type.provider}
        <span className="muted"> · {type.category}</span>
        {started !== undefined && ended !== undefined ? <span className="duration">{formatDuration(ended - started)}</span> : null}
      </p>
      {latest?.summary !== undefined ? <p className="summary" title={latest.summary}>{latest.summary}</p> : null}
      {latest?.errorDetails?.message !== undefined && status === 'Failed' ? (
        <p className="failure" title={latest.errorDetails.message}>
          {latest.errorDetails.message}
        </p>
      ) : null}
      {isApproval && latest?.lastUpdatedBy !== undefined && status !== 'InProgress' ? <p className="muted small">by {principalName(latest.lastUpdatedBy)}</p> : null}
      {latest?.percentComplete !== undefined && status === 'InProgress' ? <progress max={100} value={latest.percentComplete} /> : null}
      <footer>
        {reviewable ? (
          <button type="button" className="primary small" onClick={onReview}>
            Review
          </button>
        ) : null}
        {latest?.actionExecutionId !== undefined && !isApproval ? (
          <Link
            to={paths.logs(latest.actionExecutionId, { pipeline: pipelineName, execution: executionId ?? '', action: `${stageName}.${declaration.name}` })}
            className="small"
          >
            Logs
          </Link>
        ) : null}
        {state?.currentRevision !== undefined ? (
          state.revisionUrl !== undefined ? (
            <a href={state.revisionUrl} target="_blank" rel="noreferrer" className="small" title={`Commit ${state.currentRevision.revisionId}`}>
              <code>{state.currentRevision.revisionId.slice(0, 8)}</code>
            </a>
          ) : (
            <code className="small" title={`Revision ${state.currentRevision.revisionId}`}>
              {state.currentRevision.revisionId.slice(0, 8)}
            </code>
          )
        ) : null}
        {latest?.externalExecutionUrl !== undefined ? (
          <a href={latest.externalExecutionUrl} target="_blank" rel="noreferrer" className="small">
            Details ↗
          </a>
        ) : null}
      </footer>
    </article>
  );
}
