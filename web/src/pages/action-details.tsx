import type { ReactNode } from 'react';
import type { ActionExecutionDetail, ArtifactDetail } from '../api/types.js';
import { StatusBadge } from '../components/status.js';
import { formatDuration, formatTime, principalName } from '../lib/format.js';
import { Link, paths } from '../router.js';
import { attemptNumbers } from './execution-data.js';

/**
 * Every action run of an execution in detail: the configuration as it ran (variables resolved), the
 * artifacts it read and wrote, the variables it produced, and for an approval who answered and what
 * they said. Runs of one action are its attempts, numbered; a waiting approval can be answered here.
 */
export function ActionDetails({
  runs,
  pipelineName,
  approvalTokens,
  onReview,
  now,
}: {
  now: number;
  runs: ActionExecutionDetail[];
  pipelineName: string;
  approvalTokens: Map<string, string>;
  onReview: (run: ActionExecutionDetail, token: string) => void;
}): ReactNode {
  const attempts = attemptNumbers(runs);
  return (
    <>
      <h2>Action details</h2>
      {runs.length === 0 ? <p className="muted">No action has run yet.</p> : null}
      {runs.map((run) => {
        const attempt = attempts.get(run.actionExecutionId);
        const approval = run.input?.actionTypeId?.category === 'Approval';
        const token = approval && run.status === 'InProgress' ? approvalTokens.get(`${run.stageName}.${run.actionName}`) : undefined;
        const result = run.output?.executionResult;
        const resolved = run.input?.resolvedConfiguration ?? run.input?.configuration ?? {};
        return (
          <details key={run.actionExecutionId} className="action-detail" data-action-detail={run.actionName} data-attempt={attempt?.attempt} open={run.status !== 'Succeeded'}>
            <summary>
              <span className="muted">{run.stageName} · </span>
              <strong>{run.actionName}</strong>
              {attempt !== undefined && attempt.of > 1 ? <span className="tag attempt">attempt {attempt.attempt} of {attempt.of}</span> : null}{' '}
              <StatusBadge status={run.status} awaitingApproval={approval} />{' '}
              <span className="muted small">
                {run.input?.actionTypeId?.provider} · {formatTime(run.startTime)} · {formatDuration((run.status === 'InProgress' ? now : run.lastUpdateTime) - run.startTime)}
              </span>
            </summary>
            <div className="detail-body">
              {token !== undefined ? (
                <p>
                  <button type="button" className="primary small" onClick={() => onReview(run, token)}>
                    Review
                  </button>{' '}
                  <span className="muted">This approval waits for an answer.</span>
                </p>
              ) : null}
              {approval && run.status !== 'InProgress' ? (
                <dl className="facts compact">
                  <dt>Answered by</dt>
                  <dd data-approver>{principalName(run.updatedBy) || '—'}</dd>
                  <dt>Comment</dt>
                  <dd data-comment>{result?.externalExecutionSummary ?? '—'}</dd>
                </dl>
              ) : null}
              {result?.errorDetails?.message !== undefined ? <p className="error-banner">{result.errorDetails.message}</p> : null}
              {!approval && result?.externalExecutionSummary !== undefined ? <p>{result.externalExecutionSummary}</p> : null}
              <KeyValues title="Configuration as run" values={resolved} />
              <Artifacts title="Input artifacts" artifacts={run.input?.inputArtifacts} download={(artifact) => downloadPath(pipelineName, run.pipelineExecutionId, artifact)} />
              <Artifacts title="Output artifacts" artifacts={run.output?.outputArtifacts} download={(artifact) => downloadPath(pipelineName, run.pipelineExecutionId, artifact)} />
              <KeyValues title={`Output variables${run.input?.namespace !== undefined ? ` (namespace ${run.input.namespace})` : ''}`} values={run.output?.outputVariables ?? {}} />
              {!approval ? (
                <p className="small">
                  <Link to={paths.logs(run.actionExecutionId, { pipeline: pipelineName, execution: run.pipelineExecutionId, action: `${run.stageName}.${run.actionName}` })}>Log</Link>
                  {result?.externalExecutionUrl !== undefined ? (
                    <>
                      {' · '}
                      <a href={result.externalExecutionUrl} target="_blank" rel="noreferrer">
                        Details ↗
                      </a>
                    </>
                  ) : null}
                </p>
              ) : null}
            </div>
          </details>
        );
      })}
    </>
  );
}

function KeyValues({ title, values }: { title: string; values: Record<string, string> }): ReactNode {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <table className="list compact">
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <td>
                <code>{key}</code>
              </td>
              <td className="value">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Pipewright's `/api/executions/<pipeline>/<id>/artifacts/<name>`: the artifact as a zip. */
function downloadPath(pipelineName: string, executionId: string, artifact: string): string {
  return `/api/executions/${encodeURIComponent(pipelineName)}/${encodeURIComponent(executionId)}/artifacts/${encodeURIComponent(artifact)}`;
}

function Artifacts({ title, artifacts, download }: { title: string; artifacts: ArtifactDetail[] | undefined; download: (name: string) => string }): ReactNode {
  if (artifacts === undefined || artifacts.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="artifacts">
        {artifacts.map((artifact) => (
          <li key={artifact.name}>
            <strong>{artifact.name}</strong>{' '}
            {artifact.name !== undefined ? (
              <a href={download(artifact.name)} download className="small" data-download={artifact.name}>
                Download zip
              </a>
            ) : null}{' '}
            {artifact.s3location !== undefined ? (
              <code className="small">
                s3://{artifact.s3location.bucket}/{artifact.s3location.key}
              </code>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
