import type { ReactNode } from 'react';
import type { ConditionExecutionState, StageDeclaration } from '../api/types.js';
import { BreakableName } from '../components/breakable-name.js';
import { StatusBadge } from '../components/status.js';
import { awaitingApproval } from '../lib/awaiting.js';
import { formatTime, principalName, shortId } from '../lib/format.js';
import { Link, paths } from '../router.js';
import { ActionCard } from './action-card.js';
import { runOrderGroups, waitingReason, type PipelineView } from './pipeline-data.js';

export type StageCommand =
  | { kind: 'retry'; stageName: string; executionId: string; failedOnly: boolean }
  | { kind: 'disable'; stageName: string }
  | { kind: 'enable'; stageName: string }
  | { kind: 'review'; stageName: string; actionName: string; token: string; customData?: string; externalEntityLink?: string }
  | { kind: 'override'; stageName: string; executionId: string; conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS' };

/** One stage as a column: its inbound transition and the executions waiting at it, then its actions by runOrder. */
export function StageColumn({
  view,
  stage,
  first,
  now,
  onCommand,
}: {
  view: PipelineView;
  stage: StageDeclaration;
  /** The first stage has no inbound transition: executions start in it. */
  first: boolean;
  now: number;
  onCommand: (command: StageCommand) => void;
}): ReactNode {
  const name = view.declaration.name;
  const state = view.state.stageStates.find((candidate) => candidate.stageName === stage.name);
  const latest = state?.latestExecution;
  const transition = state?.inboundTransitionState;
  const inbound = state?.inboundExecutions ?? [];
  const actions = state?.actionStates ?? [];
  const anyRunning = actions.some((action) => action.latestExecution?.status === 'InProgress');
  const anyFailed = actions.some((action) => action.latestExecution?.status === 'Failed' || action.latestExecution?.status === 'Abandoned');
  // Failed actions can be retried as soon as they fail, while the rest of their group still runs.
  const failedWhileRunning = latest?.status === 'InProgress' && actions.some((action) => action.latestExecution?.status === 'Failed');
  const retryable = latest !== undefined && (((latest.status === 'Failed' || latest.status === 'Stopped') && anyFailed) || failedWhileRunning);

  return (
    <section className="stage" aria-label={`Stage ${stage.name}`} data-stage={stage.name}>
      <div className={`transition ${transition?.enabled === false ? 'disabled' : ''} ${first ? 'none' : ''}`}>
        {first ? null : transition?.enabled === false ? (
          <>
            <span className="transition-text" title={transition.lastChangedAt !== undefined ? `since ${formatTime(transition.lastChangedAt)}` : undefined}>
              Transition disabled{transition.lastChangedBy !== undefined ? ` by ${principalName(transition.lastChangedBy)}` : ''}
              {transition.disabledReason !== undefined ? <em>: {transition.disabledReason}</em> : null}
            </span>
            <button type="button" className="small" onClick={() => onCommand({ kind: 'enable', stageName: stage.name })}>
              Enable transition
            </button>
          </>
        ) : (
          <button type="button" className="small ghost" onClick={() => onCommand({ kind: 'disable', stageName: stage.name })} title={`Stop executions from entering ${stage.name}`}>
            Disable transition
          </button>
        )}
      </div>
      {inbound.length > 0 ? (
        <ol className="inbound" aria-label={`Waiting to enter ${stage.name}`}>
          {inbound.map((execution, index) => {
            const reason = waitingReason(view, stage.name, index);
            return (
              <li key={execution.pipelineExecutionId} className={`waiting ${reason.kind}`}>
                <Link to={paths.execution(name, execution.pipelineExecutionId)}>
                  <code>{shortId(execution.pipelineExecutionId)}</code>
                </Link>{' '}
                <span>{reason.text}</span>
              </li>
            );
          })}
        </ol>
      ) : null}
      <div className="stage-body">
        <header className="stage-head">
          <h3>
            <BreakableName name={stage.name} />
          </h3>
          {latest !== undefined ? (
            <span className="stage-status">
              <StatusBadge status={latest.status} awaitingApproval={awaitingApproval(view.state).has(latest.pipelineExecutionId)} />
              <Link to={paths.execution(name, latest.pipelineExecutionId)} className="small muted">
                {shortId(latest.pipelineExecutionId)}
              </Link>
            </span>
          ) : (
            <StatusBadge status={undefined} />
          )}
        </header>
        <Conditions label="Entry conditions" state={state?.beforeEntryConditionState} onOverride={latest !== undefined ? () => onCommand({ kind: 'override', stageName: stage.name, executionId: latest.pipelineExecutionId, conditionType: 'BEFORE_ENTRY' }) : undefined} />
        {runOrderGroups(stage.actions).map((group, index, groups) => (
          <div className="run-order" key={group.runOrder}>
            {groups.length > 1 ? <div className="run-order-label">{index === 0 ? `Run order ${group.runOrder}` : `then run order ${group.runOrder}`}</div> : null}
            {group.actions.map((action) => {
              const actionState = actions.find((candidate) => candidate.actionName === action.name);
              const run = actionState?.latestExecution?.actionExecutionId !== undefined ? view.runs.get(actionState.latestExecution.actionExecutionId) : undefined;
              const token = actionState?.latestExecution?.token;
              return (
                <ActionCard
                  key={action.name}
                  pipelineName={name}
                  stageName={stage.name}
                  declaration={action}
                  state={actionState}
                  run={run}
                  stageExecutionId={latest?.pipelineExecutionId}
                  now={now}
                  onReview={() => {
                    if (token !== undefined) {
                      // What the reviewer reads as this run resolved it (variables such as the execution id filled in).
                      const configuration = run?.input?.resolvedConfiguration ?? action.configuration ?? {};
                      onCommand({
                        kind: 'review',
                        stageName: stage.name,
                        actionName: action.name,
                        token,
                        ...(configuration.CustomData !== undefined ? { customData: configuration.CustomData } : {}),
                        ...(configuration.ExternalEntityLink !== undefined ? { externalEntityLink: configuration.ExternalEntityLink } : {}),
                      });
                    }
                  }}
                />
              );
            })}
          </div>
        ))}
        <Conditions label="Success conditions" state={state?.onSuccessConditionState} onOverride={latest !== undefined ? () => onCommand({ kind: 'override', stageName: stage.name, executionId: latest.pipelineExecutionId, conditionType: 'ON_SUCCESS' }) : undefined} />
        <Conditions label="Failure conditions" state={state?.onFailureConditionState} />
        {retryable ? (
          <div className="stage-actions">
            <button type="button" className="small" onClick={() => onCommand({ kind: 'retry', stageName: stage.name, executionId: latest.pipelineExecutionId, failedOnly: true })}>
              Retry failed actions
            </button>
            <button
              type="button"
              className="small ghost"
              disabled={anyRunning}
              title={anyRunning ? 'Actions are still running' : undefined}
              onClick={() => onCommand({ kind: 'retry', stageName: stage.name, executionId: latest.pipelineExecutionId, failedOnly: false })}
            >
              Retry all actions
            </button>
          </div>
        ) : null}
        {state?.retryStageMetadata?.manualStageRetryAttempt !== undefined && state.retryStageMetadata.manualStageRetryAttempt > 0 ? (
          <p className="muted small">Retried {state.retryStageMetadata.manualStageRetryAttempt}×</p>
        ) : null}
      </div>
    </section>
  );
}

function Conditions({ label, state, onOverride }: { label: string; state: ConditionExecutionState | undefined; onOverride?: (() => void) | undefined }): ReactNode {
  const status = state?.latestExecution?.status;
  if (state === undefined || status === undefined) return null;
  const rules = (state.conditionStates ?? []).flatMap((condition) => condition.ruleStates ?? []);
  return (
    <div className="conditions">
      <div className="conditions-head">
        <span>{label}</span>
        <StatusBadge status={status} title={state.latestExecution?.summary} />
        {status === 'InProgress' && onOverride !== undefined ? (
          <button type="button" className="small" onClick={onOverride}>
            Override
          </button>
        ) : null}
      </div>
      {rules.length > 0 ? (
        <ul>
          {rules.map((rule, index) => (
            <li key={`${rule.ruleName ?? ''}-${index}`}>
              {rule.ruleName} <StatusBadge status={rule.latestExecution?.status} title={rule.latestExecution?.summary} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
