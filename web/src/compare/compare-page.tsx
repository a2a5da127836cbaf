import { useState, type ReactNode } from 'react';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner, LiveIndicator, StatusBadge } from '../components/status.js';
import { shortId } from '../lib/format.js';
import { useLiveData, useNow } from '../lib/live.js';
import { loadExecutionView } from '../pages/execution-data.js';
import { Link, paths } from '../router.js';
import { compareExecutions, type ComparedRow, type ComparedValue } from './comparison.js';

/** Two executions of one pipeline side by side, their differences marked. */
export function ComparePage({ name, search }: { name: string; search: string }): ReactNode {
  const query = new URLSearchParams(search);
  const [a, b] = [query.get('a') ?? '', query.get('b') ?? ''];
  const now = useNow(5000);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const { data, error, live } = useLiveData(() => Promise.all([loadExecutionView(name, a), loadExecutionView(name, b)]), `${name}/${a}/${b}`, name);
  const crumbs = [{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'History', to: paths.history(name) }, { label: 'Compare' }];

  if (a === '' || b === '') {
    return <NotFoundPage crumbs={crumbs} title="Two executions are needed" message={<>Pick two executions in the <Link to={paths.history(name)}>history</Link> to compare them.</>} />;
  }
  if (data === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={crumbs} title="No such execution" message={<>{error?.message}</>} />;
  }
  const rows = data === undefined ? [] : compareExecutions(data[0], data[1], now);
  const shown = onlyDifferences ? rows.filter((row) => row.differs) : rows;
  const differing = rows.filter((row) => row.differs).length;

  return (
    <Layout crumbs={crumbs}>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator live={live} />
      </div>
      <PipelineTabs name={name} current="history" />
      <ErrorBanner error={error} />
      {data === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <>
          <div className="toolbar">
            <span data-difference-count={differing}>
              {differing === 0 ? 'No differences' : `${differing} ${differing === 1 ? 'difference' : 'differences'}`} (durations aside)
            </span>
            <label className="inline">
              <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} /> Only differences
            </label>
          </div>
          <table className="list compare">
            <thead>
              <tr>
                <th />
                {data.map((view) => (
                  <th key={view.execution.pipelineExecutionId} scope="col">
                    <Link to={paths.execution(name, view.execution.pipelineExecutionId)}>
                      <code>{shortId(view.execution.pipelineExecutionId)}</code>
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            {sections(shown).map(([section, sectionRows]) => (
              <tbody key={section} aria-label={section}>
                <tr className="compare-section">
                  <th colSpan={3} scope="colgroup">
                    {section}
                  </th>
                </tr>
                {sectionRows.map((row) => (
                  <tr key={row.key} data-compare={row.key} data-differs={row.differs ? 'true' : 'false'} className={row.differs ? 'differs' : undefined}>
                    <th scope="row" className="compare-label">
                      {row.label}
                      {row.differs ? <span className="visually-hidden"> (differs)</span> : null}
                    </th>
                    <Cell value={row.values[0]} other={row.differs ? row.values[1] : undefined} />
                    <Cell value={row.values[1]} other={row.differs ? row.values[0] : undefined} />
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </>
      )}
    </Layout>
  );
}

/** A value; in a row that differs, each detail line the other side lacks is marked (`data-changed`). */
function Cell({ value, other }: { value: ComparedValue; other: ComparedValue | undefined }): ReactNode {
  const changed = (line: string, index: number): boolean => other !== undefined && index > 0 && !(other.detail ?? []).includes(line);
  return (
    <td className="compare-value">
      {value.status !== undefined ? <StatusBadge status={value.status} /> : <code className="wrap">{value.text}</code>}
      {(value.detail ?? []).map((line, index) => (
        <div key={index} className={`small wrap ${changed(line, index) ? 'changed' : 'muted'}`} data-changed={changed(line, index) ? 'true' : undefined}>
          {line}
        </div>
      ))}
    </td>
  );
}

function sections(rows: ComparedRow[]): [string, ComparedRow[]][] {
  const grouped = new Map<string, ComparedRow[]>();
  for (const row of rows) grouped.set(row.section, [...(grouped.get(row.section) ?? []), row]);
  return [...grouped.entries()];
}
