import { Fragment, useState, type ReactNode } from 'react';
import type { ActionReports } from '../api/types.js';
import { Layout } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator, StatusBadge } from '../components/status.js';
import { pendingApprovals } from '../lib/awaiting.js';
import { formatDuration, formatTime, principalName, shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { CommandDialog } from './pipeline-dialogs.js';
import type { StageCommand } from './stage-column.js';
import { ActionDetails } from './action-details.js';
import { attemptNumbers, loadExecutionView, timeline, type ExecutionView } from './execution-data.js';

/** One execution: its timeline of actions, variables, artifacts and test reports, live while it runs. */
export function ExecutionPage({ name, executionId }: { name: string; executionId: string }): ReactNode {
  const [review, setReview] = useState<Extract<StageCommand, { kind: 'review' }> | undefined>(undefined);
  const { data: view, error, reload, live } = useLiveData(
    () => loadExecutionView(name, executionId),
    `${name}/${executionId}`,
    name,
    (event) => event.detail['execution-id'] === executionId,
  );
  const now = useNow();
  const execution = view?.execution;
  if (view === undefined && isNotFound(error)) {
    return (
      <NotFoundPage
        crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }]}
        title="No such execution"
        message={
          <>
            The pipeline <code>{name}</code> has no execution <code>{executionId}</code> (or there is no such pipeline).
          </>
        }
      />
    );
  }
  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'History', to: paths.history(name) }, { label: shortId(executionId) }]}>
      <div className="page-head">
        <h1>
          Execution <code>{shortId(executionId)}</code>
        </h1>
        {execution !== undefined ? <StatusBadge status={execution.status} awaitingApproval={pendingApprovals(view?.runs ?? []).length > 0} /> : null}
        <LiveIndicator live={live} />
      </div>
      <ErrorBanner error={error} />
      {view === undefined || execution === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <>
          <dl className="facts">
            <dt>Execution id</dt>
            <dd>
              <code>{execution.pipelineExecutionId}</code>
            </dd>
            <dt>Trigger</dt>
            <dd>
              {execution.trigger?.triggerType} {execution.trigger?.triggerDetail !== undefined ? <span className="muted">({principalName(execution.trigger.triggerDetail)})</span> : null}
            </dd>
            <dt>Pipeline version</dt>
            <dd>{execution.pipelineVersion}</dd>
            {view.summary?.startTime !== undefined ? (
              <>
                <dt>Started</dt>
                <dd>{formatTime(view.summary.startTime)}</dd>
                <dt>Duration</dt>
                <dd>{formatDuration((execution.status === 'InProgress' || execution.status === 'Stopping' ? now : (view.summary.lastUpdateTime ?? now)) - view.summary.startTime)}</dd>
              </>
            ) : null}
            {execution.statusSummary !== undefined ? (
              <>
                <dt>Summary</dt>
                <dd>{execution.statusSummary}</dd>
              </>
            ) : null}
            {view.summary?.stopTrigger?.reason !== undefined ? (
              <>
                <dt>Stop reason</dt>
                <dd>{view.summary.stopTrigger.reason}</dd>
              </>
            ) : null}
          </dl>
          <h2>Timeline</h2>
          <Timeline view={view} now={now} pipelineName={name} />
          <ActionDetails
            runs={timeline(view, now).rows.map((row) => row.run)}
            pipelineName={name}
            approvalTokens={view.approvalTokens}
            now={now}
            onReview={(run, token) => {
              const configuration = run.input?.resolvedConfiguration ?? run.input?.configuration ?? {};
              setReview({
                kind: 'review',
                stageName: run.stageName,
                actionName: run.actionName,
                token,
                ...(configuration.CustomData !== undefined ? { customData: configuration.CustomData } : {}),
                ...(configuration.ExternalEntityLink !== undefined ? { externalEntityLink: configuration.ExternalEntityLink } : {}),
              });
            }}
          />
          <Variables view={view} />
          <Artifacts view={view} />
          <h2>Test reports</h2>
          {view.reports.every((reports) => reports.reports.length === 0) ? (
            <p className="muted">No test reports.</p>
          ) : (
            view.reports.map((reports) => <Reports key={reports.actionExecutionId} reports={reports} />)
          )}
          <h2>Coverage reports</h2>
          {view.reports.every((reports) => (reports.coverageReports ?? []).length === 0) ? (
            <p className="muted">No coverage reports.</p>
          ) : (
            view.reports.map((reports) => <CoverageReports key={reports.actionExecutionId} reports={reports} />)
          )}
        </>
      )}
      {review !== undefined ? (
        <CommandDialog
          pipelineName={name}
          command={review}
          onDone={() => {
            setReview(undefined);
            reload();
          }}
        />
      ) : null}
    </Layout>
  );
}

function Timeline({ view, now, pipelineName }: { view: ExecutionView; now: number; pipelineName: string }): ReactNode {
  if (view.runs.length === 0) return <p className="muted">No action has run yet.</p>;
  const { rows, from, to } = timeline(view, now);
  const attempts = attemptNumbers(view.runs);
  const span = to - from;
  const at = (time: number): string => `${(((time - from) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number): string => `${(Math.max(b - a, 0) / span) * 100}%`;
  return (
    <table className="timeline">
      <thead>
        <tr>
          <th>Action</th>
          <th>Status</th>
          <th className="bar-cell">
            <span>{formatTime(from)}</span>
            <span className="muted"> → {formatDuration(span)}</span>
          </th>
          <th>Waited</th>
          <th>Ran</th>
          <th>Finished</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.run.actionExecutionId} data-action={row.run.actionName}>
            <td>
              <span className="muted small">{row.run.stageName} · </span>
              {row.run.actionName}
              {(attempts.get(row.run.actionExecutionId)?.of ?? 1) > 1 ? <span className="tag attempt">attempt {attempts.get(row.run.actionExecutionId)?.attempt}</span> : null}
              {row.run.input?.actionTypeId?.category !== 'Approval' ? (
                <>
                  {' '}
                  <Link to={paths.logs(row.run.actionExecutionId, { pipeline: pipelineName, execution: row.run.pipelineExecutionId, action: `${row.run.stageName}.${row.run.actionName}` })} className="small">
                    Logs
                  </Link>
                </>
              ) : null}
            </td>
            <td>
              <StatusBadge status={row.run.status} awaitingApproval={row.run.input?.actionTypeId?.category === 'Approval'} title={row.run.output?.executionResult?.errorDetails?.message ?? row.run.output?.executionResult?.externalExecutionSummary} />
            </td>
            <td className="bar-cell">
              <div className="bar-track">
                <span className="bar wait" style={{ left: at(row.readyAt), width: width(row.readyAt, row.start) }} />
                <span className={`bar run status-bg-${row.run.status.toLowerCase()}`} style={{ left: at(row.start), width: `max(2px, ${width(row.start, row.end)})` }} />
              </div>
            </td>
            <td>{formatDuration(row.start - row.readyAt)}</td>
            <td>{formatDuration(row.end - row.start)}</td>
            <td title={formatTime(row.end)}>{row.running ? <span className="muted">running</span> : new Date(row.end * 1000).toLocaleTimeString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Variables({ view }: { view: ExecutionView }): ReactNode {
  const pipelineVariables = view.execution.variables ?? [];
  const outputs = view.runs.filter((run) => run.output?.outputVariables !== undefined && Object.keys(run.output.outputVariables).length > 0);
  return (
    <>
      <h2>Variables</h2>
      {pipelineVariables.length === 0 && outputs.length === 0 ? <p className="muted">No variables.</p> : null}
      <table className="list compact">
        <tbody>
          {pipelineVariables.map((variable) => (
            <tr key={`variables.${variable.name}`}>
              <td>
                <code>#{`{variables.${variable.name}}`}</code>
              </td>
              <td className="value">{variable.resolvedValue}</td>
            </tr>
          ))}
          {outputs.flatMap((run) =>
            Object.entries(run.output?.outputVariables ?? {}).map(([key, value]) => (
              <tr key={`${run.actionExecutionId}.${key}`}>
                <td>
                  <code>{run.input?.namespace !== undefined ? `#{${run.input.namespace}.${key}}` : `${run.actionName}.${key}`}</code>
                </td>
                <td className="value">{value}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </>
  );
}

function Artifacts({ view }: { view: ExecutionView }): ReactNode {
  const outputs = view.runs.flatMap((run) => (run.output?.outputArtifacts ?? []).map((artifact) => ({ run, artifact })));
  return (
    <>
      <h2>Artifacts</h2>
      {(view.execution.artifactRevisions ?? []).length > 0 ? (
        <table className="list compact">
          <thead>
            <tr>
              <th>Source artifact</th>
              <th>Revision</th>
              <th>Summary</th>
            </tr>
          </thead>
          <tbody>
            {(view.execution.artifactRevisions ?? []).map((revision) => (
              <tr key={revision.name}>
                <td>{revision.name}</td>
                <td>
                  {revision.revisionUrl !== undefined ? (
                    <a href={revision.revisionUrl} target="_blank" rel="noreferrer">
                      <code>{revision.revisionId}</code>
                    </a>
                  ) : (
                    <code>{revision.revisionId}</code>
                  )}
                </td>
                <td className="clip">{revision.revisionSummary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {outputs.length === 0 ? (
        <p className="muted">No output artifacts.</p>
      ) : (
        <table className="list compact">
          <thead>
            <tr>
              <th>Artifact</th>
              <th>Produced by</th>
              <th>Location</th>
            </tr>
          </thead>
          <tbody>
            {outputs.map(({ run, artifact }) => (
              <tr key={`${run.actionExecutionId}/${artifact.name ?? ''}`}>
                <td>{artifact.name}</td>
                <td>
                  {run.stageName} · {run.actionName}
                </td>
                <td>
                  <code className="small">
                    {artifact.s3location?.bucket}/{artifact.s3location?.key}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Reports({ reports }: { reports: ActionReports }): ReactNode {
  if (reports.reports.length === 0) return null;
  return (
    <section className="reports" data-reports={reports.actionName}>
      {reports.reports.map((report) => {
        const failing = report.testCases.filter((test) => test.status === 'FAILED' || test.status === 'ERROR');
        return (
          <div key={report.reportGroup} className="report">
            <h3>
              {reports.stageName} · {reports.actionName} · {report.reportGroup} <span className="muted small">{report.format}</span>
            </h3>
            <p className="totals">
              <span className="passed">{report.totals.passed} passed</span>
              <span className="failed">{report.totals.failed} failed</span>
              {report.totals.errored > 0 ? <span className="failed">{report.totals.errored} errored</span> : null}
              <span className="muted">{report.totals.skipped} skipped</span>
              <span className="muted">of {report.totals.total}</span>
              <span className="muted">{formatDuration(report.durationMs / 1000)}</span>
            </p>
            <details open={failing.length > 0}>
              <summary>{failing.length > 0 ? `${failing.length} failing test${failing.length === 1 ? '' : 's'}` : `All ${report.testCases.length} test cases`}</summary>
              <table className="list compact">
                <tbody>
                  {(failing.length > 0 ? failing : report.testCases).map((test, index) => (
                    <tr key={`${test.name}-${index}`}>
                      <td>
                        <span className={`test-status ${test.status.toLowerCase()}`}>{test.status}</span>
                      </td>
                      <td>
                        {test.name}
                        {test.message !== undefined ? <pre className="test-message">{test.message}</pre> : null}
                      </td>
                      <td className="muted small">{test.durationMs !== undefined ? `${test.durationMs} ms` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </div>
        );
      })}
    </section>
  );
}

/** A rate as the page shows it: the percentage, then covered of total (a report without branches says so). */
function Rate({ label, percentage, covered, missed }: { label: string; percentage: number; covered: number; missed: number }): ReactNode {
  const total = covered + missed;
  if (total === 0) return <span className="muted">no {label}</span>;
  return (
    <span className="rate" data-rate={label}>
      <strong>{percentage.toFixed(2)}%</strong> {label} <span className="muted small">{covered}/{total}</span>
    </span>
  );
}

function CoverageReports({ reports }: { reports: ActionReports }): ReactNode {
  const coverage = reports.coverageReports ?? [];
  if (coverage.length === 0) return null;
  return (
    <section className="reports coverage" data-coverage={reports.actionName}>
      {coverage.map((report) => (
        <div key={report.reportGroup} className="report">
          <h3>
            {reports.stageName} · {reports.actionName} · {report.reportGroup} <span className="muted small">{report.format}</span>
          </h3>
          <p className="totals">
            <Rate label="lines" percentage={report.summary.lineCoveragePercentage} covered={report.summary.linesCovered} missed={report.summary.linesMissed} />
            <Rate label="branches" percentage={report.summary.branchCoveragePercentage} covered={report.summary.branchesCovered} missed={report.summary.branchesMissed} />
          </p>
          <details>
            <summary>
              {report.files.length} file{report.files.length === 1 ? '' : 's'}
              {report.truncated === true ? ' (more not kept)' : ''}
            </summary>
            <table className="list compact coverage-files">
              <thead>
                <tr>
                  <th>File</th>
                  <th>Lines</th>
                  <th>Branches</th>
                </tr>
              </thead>
              <tbody>
                {report.files.map((file) => (
                  <tr key={file.filePath}>
                    <td className="file-path">{breakable(file.filePath)}</td>
                    <td className="num">
                      {file.linesCovered + file.linesMissed === 0 ? '–' : `${file.lineCoveragePercentage.toFixed(2)}%`}
                      <span className="muted small"> {file.linesCovered}/{file.linesCovered + file.linesMissed}</span>
                    </td>
                    <td className="num">
                      {file.branchesCovered + file.branchesMissed === 0 ? '–' : `${file.branchCoveragePercentage.toFixed(2)}%`}
                      <span className="muted small"> {file.branchesCovered}/{file.branchesCovered + file.branchesMissed}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ))}
    </section>
  );
}

/** A path that may break after each slash on a narrow page (a long name still breaks anywhere). */
function breakable(path: string): ReactNode {
  return path.split('/').map((part, index, parts) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 ? (
        <>
          /<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}
