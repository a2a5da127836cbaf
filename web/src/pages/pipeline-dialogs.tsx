import type { ReactNode } from 'react';
import { call } from '../api/client.js';
import type { PipelineDeclaration, PipelineExecutionSummary } from '../api/types.js';
import { FormDialog, field } from '../components/dialog.js';
import { statusLabel } from '../components/status.js';
import { shortId } from '../lib/format.js';
import { navigate, paths } from '../router.js';
import type { RunningAction } from './pipeline-data.js';
import { ReleaseDialog } from './release-dialog.js';
import type { StageCommand } from './stage-column.js';

export type PipelineCommand = StageCommand | { kind: 'release'; declaration: PipelineDeclaration | undefined } | { kind: 'delete' } | { kind: 'stop'; executions: PipelineExecutionSummary[]; running: RunningAction[] };

/** The dialog of one command of the pipeline view; each runs one API call as the current user. */
export function CommandDialog({ pipelineName, command, onDone }: { pipelineName: string; command: PipelineCommand; onDone: () => void }): ReactNode {
  switch (command.kind) {
    case 'release':
      return <ReleaseDialog pipelineName={pipelineName} declaration={command.declaration} onDone={onDone} />;
    case 'delete':
      return (
        <FormDialog
          title={`Delete ${pipelineName}`}
          submitLabel="Delete"
          danger
          onClose={onDone}
          onSubmit={async (form) => {
            if (field(form, 'confirm') !== pipelineName) throw new Error(`Type the pipeline's name, ${pipelineName}, to delete it.`);
            await call('DeletePipeline', { name: pipelineName });
            navigate(paths.pipelines());
          }}
        >
          <p>The pipeline, its versions and its execution history are deleted. Running executions stop.</p>
          <label>
            Type <code>{pipelineName}</code> to confirm
            <input name="confirm" required autoComplete="off" />
          </label>
        </FormDialog>
      );
    case 'stop':
      return (
        <FormDialog
          title="Stop execution"
          submitLabel="Stop"
          danger
          onClose={onDone}
          onSubmit={async (form) => {
            const reason = field(form, 'reason');
            await call('StopPipelineExecution', {
              pipelineName,
              pipelineExecutionId: field(form, 'execution'),
              abandon: field(form, 'mode') === 'abandon',
              ...(reason !== '' ? { reason } : {}),
            });
          }}
        >
          <label>
            Execution
            <select name="execution" defaultValue={command.executions[0]?.pipelineExecutionId}>
              {command.executions.map((execution) => (
                <option key={execution.pipelineExecutionId} value={execution.pipelineExecutionId}>
                  {shortId(execution.pipelineExecutionId)} — {statusLabel(execution.status)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>How</legend>
            <label className="inline">
              <input type="radio" name="mode" value="wait" defaultChecked={command.executions[0]?.status !== 'Stopping'} disabled={command.executions.every((e) => e.status === 'Stopping')} /> Stop and wait: running
              actions finish, nothing new starts
            </label>
            <label className="inline">
              <input type="radio" name="mode" value="abandon" defaultChecked={command.executions[0]?.status === 'Stopping'} /> Stop and abandon: running actions are
              abandoned now
            </label>
          </fieldset>
          {command.running.some((action) => action.approval) ? (
            <p className="note" role="note">
              Stop and wait waits for{' '}
              {command.running
                .filter((action) => action.approval)
                .map((action) => `${action.stageName}.${action.actionName}`)
                .join(', ')}
              : an approval ends only when someone approves or rejects it (or it times out). Until then the execution stays “Stopping”.
            </p>
          ) : null}
          <label>
            Reason
            <textarea name="reason" maxLength={200} rows={2} placeholder="Why (kept with the execution)" />
          </label>
        </FormDialog>
      );
    case 'retry':
      return (
        <FormDialog
          title={`Retry stage ${command.stageName}`}
          submitLabel="Retry"
          onClose={onDone}
          onSubmit={async () =>
            void (await call('RetryStageExecution', {
              pipelineName,
              stageName: command.stageName,
              pipelineExecutionId: command.executionId,
              retryMode: command.failedOnly ? 'FAILED_ACTIONS' : 'ALL_ACTIONS',
            }))
          }
        >
          <p>
            {command.failedOnly ? 'Run the failed actions again' : 'Run every action of the stage again, from the first run order'} in execution{' '}
            <code>{shortId(command.executionId)}</code>.
          </p>
        </FormDialog>
      );
    case 'disable':
      return (
        <FormDialog
          title={`Disable the transition into ${command.stageName}`}
          submitLabel="Disable"
          danger
          onClose={onDone}
          onSubmit={async (form) =>
            void (await call('DisableStageTransition', { pipelineName, stageName: command.stageName, transitionType: 'Inbound', reason: field(form, 'reason') }))
          }
        >
          <p>Executions will wait in front of {command.stageName} until the transition is enabled again.</p>
          <label>
            Reason
            <input name="reason" required maxLength={300} pattern="[a-zA-Z0-9!@ \(\)\.\*\?\-]+" title="Letters, digits, spaces and ! @ ( ) . * ? -" autoFocus />
          </label>
        </FormDialog>
      );
    case 'enable':
      return (
        <FormDialog
          title={`Enable the transition into ${command.stageName}`}
          submitLabel="Enable"
          onClose={onDone}
          onSubmit={async () => void (await call('EnableStageTransition', { pipelineName, stageName: command.stageName, transitionType: 'Inbound' }))}
        >
          <p>The latest waiting execution will enter {command.stageName}.</p>
        </FormDialog>
      );
    case 'review':
      return <ReviewDialog pipelineName={pipelineName} command={command} onDone={onDone} />;
    case 'override':
      return (
        <FormDialog
          title={`Override the ${command.conditionType === 'BEFORE_ENTRY' ? 'entry' : 'success'} condition of ${command.stageName}`}
          submitLabel="Override"
          danger
          onClose={onDone}
          onSubmit={async () =>
            void (await call('OverrideStageCondition', {
              pipelineName,
              stageName: command.stageName,
              pipelineExecutionId: command.executionId,
              conditionType: command.conditionType,
            }))
          }
        >
          <p>The condition's rules stop being evaluated and the condition counts as met.</p>
        </FormDialog>
      );
  }
}

function ReviewDialog({ pipelineName, command, onDone }: { pipelineName: string; command: Extract<StageCommand, { kind: 'review' }>; onDone: () => void }): ReactNode {
  return (
    <FormDialog
      title={`Review ${command.actionName}`}
      submitLabel="Submit"
      onClose={onDone}
      onSubmit={async (form) => {
        const decision = field(form, 'decision');
        if (decision !== 'Approved' && decision !== 'Rejected') throw new Error('Choose Approve or Reject.');
        await call('PutApprovalResult', {
          pipelineName,
          stageName: command.stageName,
          actionName: command.actionName,
          token: command.token,
          result: { status: decision, summary: field(form, 'summary') },
        });
      }}
    >
      {command.customData !== undefined ? <p className="custom-data">{command.customData}</p> : null}
      {command.externalEntityLink !== undefined && /^https?:\/\//.test(command.externalEntityLink) ? (
        <p>
          <a href={command.externalEntityLink} target="_blank" rel="noreferrer">
            Open what to review
          </a>
        </p>
      ) : null}
      <fieldset>
        <legend>Decision</legend>
        <label className="inline">
          <input type="radio" name="decision" value="Approved" required /> Approve
        </label>
        <label className="inline">
          <input type="radio" name="decision" value="Rejected" /> Reject
        </label>
      </fieldset>
      <label>
        Comment
        <textarea name="summary" maxLength={512} rows={3} placeholder="Shown as the approval's summary" />
      </label>
    </FormDialog>
  );
}
