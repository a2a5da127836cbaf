import { useEffect, useState, type ReactNode } from 'react';
import { call } from '../api/client.js';
import { required } from '../api/records.js';
import type { PipelineDeclaration } from '../api/types.js';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner } from '../components/status.js';
import { loadTextTools as textTools, type TextTools } from '../editor/text-tools.js';
import { Link, navigate, paths } from '../router.js';

type Format = 'json' | 'yaml';


/** The pipeline's definition as JSON or YAML, any of its versions, and the diff between two versions. */
export function DefinitionPage({ name, search }: { name: string; search: string }): ReactNode {
  const params = new URLSearchParams(search);
  const format: Format = params.get('format') === 'yaml' ? 'yaml' : 'json';
  const [latestVersion, setLatestVersion] = useState<number | undefined>(undefined);
  const version = Number(params.get('version') ?? latestVersion ?? 0) || latestVersion;
  const compareWith = params.get('compare') !== null ? Number(params.get('compare')) : undefined;
  const [declarations, setDeclarations] = useState<Record<number, PipelineDeclaration>>({});
  const [tools, setTools] = useState<TextTools | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);

  useEffect(() => {
    textTools().then(setTools, (caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
    call('GetPipeline', { name })
      .then((result) => {
        const pipeline = required(result.pipeline, 'pipeline');
        const current = pipeline.version ?? 1;
        setLatestVersion(current);
        setDeclarations((before) => ({ ...before, [current]: pipeline }));
      })
      .catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
  }, [name]);

  useEffect(() => {
    for (const wanted of [version, compareWith]) {
      if (wanted === undefined || wanted < 1 || declarations[wanted] !== undefined) continue;
      call('GetPipeline', { name, version: wanted })
        .then((result) => setDeclarations((before) => ({ ...before, [wanted]: required(result.pipeline, 'pipeline') })))
        .catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
    }
  }, [name, version, compareWith, declarations]);

  const setParams = (changes: Record<string, string | undefined>): void => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    navigate(`${paths.definition(name)}?${next.toString()}`, { replace: true });
  };

  const render = (declaration: PipelineDeclaration | undefined): string | undefined => {
    if (declaration === undefined || tools === undefined) return undefined;
    const document = { pipeline: declaration };
    return format === 'yaml' ? tools.yaml.stringify(document) : `${JSON.stringify(document, null, 2)}\n`;
  };
  const text = render(version !== undefined ? declarations[version] : undefined);
  const older = compareWith !== undefined ? render(declarations[compareWith]) : undefined;
  const versions = latestVersion !== undefined ? Array.from({ length: latestVersion }, (_, index) => latestVersion - index) : [];

  if (latestVersion === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name}</code>.</>} />;
  }

  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'Definition' }]}>
      <div className="page-head">
        <h1>{name}</h1>
      </div>
      <PipelineTabs name={name} current="definition" />
      <ErrorBanner error={error} />
      <div className="toolbar">
        <label>
          Version{' '}
          <select value={version ?? ''} onChange={(event) => setParams({ version: event.target.value })} aria-label="Version">
            {versions.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
                {candidate === latestVersion ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Compare with{' '}
          <select value={compareWith ?? ''} onChange={(event) => setParams({ compare: event.target.value === '' ? undefined : event.target.value })} aria-label="Compare with">
            <option value="">nothing</option>
            {versions
              .filter((candidate) => candidate !== version)
              .map((candidate) => (
                <option key={candidate} value={candidate}>
                  version {candidate}
                </option>
              ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Format">
          <button type="button" aria-pressed={format === 'json'} onClick={() => setParams({ format: 'json' })}>
            JSON
          </button>
          <button type="button" aria-pressed={format === 'yaml'} onClick={() => setParams({ format: 'yaml' })}>
            YAML
          </button>
        </div>
        {text !== undefined ? (
          <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
            Copy
          </button>
        ) : null}
      </div>
      {text === undefined ? (
        <p className="muted">Loading…</p>
      ) : compareWith !== undefined ? (
        older === undefined || tools === undefined ? (
          <p className="muted">Loading…</p>
        ) : (
          <Diff tools={tools} from={older} to={text} fromLabel={`version ${compareWith}`} toLabel={`version ${version ?? ''}`} />
        )
      ) : (
        <pre className="code" aria-label="Definition">
          {text}
        </pre>
      )}
      <p className="muted small">
        <Link to={paths.edit(name)}>Edit in the console</Link> or with <code>aws codepipeline update-pipeline</code>; each update makes a new version. <Link to={paths.history(name)}>Executions</Link> record the version they ran.
      </p>
    </Layout>
  );
}

/**
 * A line diff of two texts. With `context`, unchanged lines further than that from a change fold into
 * one "⋯" row, so a small edit of a long definition is seen at once.
 */
export function Diff({ tools, from, to, fromLabel, toLabel, context }: { tools: TextTools; from: string; to: string; fromLabel: string; toLabel: string; context?: number }): ReactNode {
  const lines = tools.diff.diffLines(from, to).flatMap((change) =>
    change.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text })),
  );
  const changedAt = lines.flatMap((line, index) => (line.kind === 'same' ? [] : [index]));
  const near = (index: number): boolean => context === undefined || changedAt.some((at) => Math.abs(at - index) <= context);
  const rows: ReactNode[] = [];
  lines.forEach((line, index) => {
    if (near(index)) {
      rows.push(
        <div key={index} className={line.kind}>
          {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
          {line.text}
        </div>,
      );
    } else if (near(index - 1) || index === 0) {
      rows.push(
        <div key={index} className="folded muted">
          ⋯
        </div>,
      );
    }
  });
  return (
    <>
      <p className="small">
        <span className="diff-removed-key">− {fromLabel}</span> <span className="diff-added-key">+ {toLabel}</span>
        {changedAt.length > 0 ? null : <span className="muted"> · no differences</span>}
      </p>
      <pre className="code diff" aria-label="Diff">
        {rows}
      </pre>
    </>
  );
}
