import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LogLine } from '../api/types.js';
import { Layout } from '../components/layout.js';
import { NotFoundPage } from '../components/not-found.js';
import { shortId } from '../lib/format.js';
import { useNow } from '../lib/live.js';
import { AnsiText, plainText } from '../logs/ansi-text.js';
import { LogSectionView, sectionKey } from '../logs/log-section-view.js';
import { logSections } from '../logs/log-sections.js';
import { Link, paths } from '../router.js';

/** Beyond this many lines only the newest are drawn (searching still covers them all). */
const drawnLines = 20_000;

/**
 * An action's log, followed live over `/api/logs/<id>/follow` until the log is complete; searchable.
 * A build's log is folded by CodeBuild phase (each with its state and duration), failed commands are
 * marked, ANSI colours are shown. Following stops when the reader scrolls up and says how many lines
 * arrived since; one click goes back to the end. Secrets were masked by the server when the log was written.
 */
export function LogsPage({ actionExecutionId, search }: { actionExecutionId: string; search: string }): ReactNode {
  const context = new URLSearchParams(search);
  const pipeline = context.get('pipeline') ?? undefined;
  const execution = context.get('execution') ?? undefined;
  const action = context.get('action') ?? undefined;
  const { lines, complete, error, notFound } = useFollowedLog(actionExecutionId);
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  // How many lines there were when following stopped: the rest are "new" to the reader.
  const [seenLines, setSeenLines] = useState(0);
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const now = useNow(complete ? 3_600_000 : 1000);

  const needle = query.toLowerCase();
  const matching = useMemo(() => (needle === '' ? lines : lines.filter((line) => plainText(line.text).toLowerCase().includes(needle))), [lines, needle]);
  const drawn = matching.length > drawnLines ? matching.slice(-drawnLines) : matching;
  const sections = useMemo(() => logSections(drawn), [drawn]);
  const unseen = follow ? 0 : Math.max(0, lines.length - seenLines);

  const setFollowing = (on: boolean): void => {
    setFollow(on);
    if (!on) setSeenLines(lines.length);
  };

  useLayoutEffect(() => {
    const element = scroller.current;
    if (follow && element !== null) element.scrollTop = element.scrollHeight;
  }, [drawn.length, follow, folded]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.key === '/' || (event.key === 'f' && (event.ctrlKey || event.metaKey))) && document.activeElement !== searchBox.current) {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const crumbs =
    pipeline !== undefined
      ? [
          { label: 'Pipelines', to: paths.pipelines() },
          { label: pipeline, to: paths.pipeline(pipeline) },
          ...(execution !== undefined && execution !== '' ? [{ label: shortId(execution), to: paths.execution(pipeline, execution) }] : []),
          { label: `${action ?? 'Action'} log` },
        ]
      : [{ label: 'Pipelines', to: paths.pipelines() }, { label: `Log ${shortId(actionExecutionId)}` }];

  if (notFound) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such log" message={<>No action ran under the id <code>{actionExecutionId}</code>, so there is no log to show.</>} />;
  }

  const phased = sections.some((section) => section.phase !== undefined);
  const toggle = (key: string): void =>
    setFolded((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <Layout crumbs={crumbs}>
      <div className="page-head">
        <h1>{action !== undefined ? `${action}` : 'Action'} log</h1>
        <span className={`live ${complete || error !== undefined ? 'off' : 'on'}`}>
          <span className="dot" aria-hidden="true" />
          {complete ? 'Complete' : error !== undefined ? 'Not following' : 'Following'}
        </span>
        <input
          ref={searchBox}
          type="search"
          className="search"
          placeholder="Search the log (press /)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-label="Search the log"
        />
        <label className="inline small">
          <input type="checkbox" checked={follow} onChange={(event) => setFollowing(event.target.checked)} /> Scroll with output
        </label>
        <a className="small" href={`/api/logs/${encodeURIComponent(actionExecutionId)}/raw`} download>
          Download
        </a>
      </div>
      {error !== undefined ? (
        <div className="error-banner" role="alert">
          {error}
        </div>
      ) : null}
      <p className="muted small log-summary" aria-live="polite">
        {needle === '' ? `${lines.length} lines` : `${matching.length} of ${lines.length} lines match`}
        {drawn.length < matching.length ? ` · showing the last ${drawn.length}` : ''}
        {phased && needle === '' ? (
          <>
            {' '}
            · <button type="button" className="link-button" onClick={() => setFolded(new Set(sections.map(sectionKey)))}>Fold all phases</button>{' '}
            · <button type="button" className="link-button" onClick={() => setFolded(new Set())}>Unfold all</button>
          </>
        ) : null}
        {pipeline !== undefined && pipeline !== '' ? (
          <>
            {' '}
            · <Link to={paths.pipeline(pipeline)}>back to {pipeline}</Link>
          </>
        ) : null}
      </p>
      <div className="log-frame">
        <div
          className="log"
          ref={scroller}
          role="log"
          aria-label="Log output"
          tabIndex={0}
          onScroll={(event) => {
            const element = event.currentTarget;
            const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 8;
            if (atBottom !== follow) setFollowing(atBottom);
          }}
        >
          {needle !== ''
            ? drawn.map((line) => <LogLineView key={line.number} line={line} needle={needle} failed={false} />)
            : sections.map((section) => (
                <LogSectionView key={sectionKey(section)} section={section} folded={folded.has(sectionKey(section))} onToggle={() => toggle(sectionKey(section))} complete={complete} now={now}>
                  {section.lines.map((line) => (
                    <LogLineView key={line.number} line={line} needle="" failed={section.failedLines.has(line.number)} />
                  ))}
                </LogSectionView>
              ))}
          {lines.length === 0 && complete ? <div className="muted">The log is empty.</div> : null}
        </div>
        {unseen > 0 ? (
          <button type="button" className="jump-to-end primary small" onClick={() => setFollow(true)}>
            ↓ {unseen} new {unseen === 1 ? 'line' : 'lines'}: follow the end
          </button>
        ) : null}
      </div>
    </Layout>
  );
}

function LogLineView({ line, needle, failed }: { line: LogLine; needle: string; failed: boolean }): ReactNode {
  return (
    <div className={`log-line ${line.stream} ${failed ? 'failed' : ''}`} data-line={line.number} data-failed={failed ? 'true' : undefined}>
      <span className="line-number" aria-hidden="true">
        {line.number}
      </span>
      <span className="line-time" title={new Date(line.time).toISOString()}>
        {new Date(line.time).toLocaleTimeString()}
      </span>
      <span className="line-text">{needle === '' ? <AnsiText text={line.text} /> : <Highlighted text={plainText(line.text)} needle={needle} />}</span>
    </div>
  );
}

function Highlighted({ text, needle }: { text: string; needle: string }): ReactNode {
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

/**
 * The log's lines as they arrive. Lines come one event each; they are gathered and drawn once per
 * frame, so a build printing thousands of lines a second does not re-render thousands of times.
 */
function useFollowedLog(actionExecutionId: string): { lines: LogLine[]; complete: boolean; error: string | undefined; notFound: boolean } {
  type Followed = { id: string; lines: LogLine[]; complete: boolean; error?: string; notFound?: boolean };
  const [state, setState] = useState<Followed>({ id: actionExecutionId, lines: [], complete: false });
  useEffect(() => {
    // What is kept belongs to the log followed before until this one's first update replaces it.
    const mine = (before: Followed): Followed => (before.id === actionExecutionId ? before : { id: actionExecutionId, lines: [], complete: false });
    const pending: LogLine[] = [];
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      const batch = pending.splice(0);
      setState((before) => ({ ...mine(before), lines: mine(before).lines.concat(batch) }));
    };
    const source = new EventSource(`/api/logs/${encodeURIComponent(actionExecutionId)}/follow`);
    source.addEventListener('line', (event: MessageEvent<string>) => {
      pending.push(JSON.parse(event.data) as LogLine);
      if (frame === 0) frame = requestAnimationFrame(flush);
    });
    source.addEventListener('end', () => {
      // The server ends the stream here; EventSource would otherwise connect again.
      source.close();
      if (frame !== 0) cancelAnimationFrame(frame);
      flush();
      setState((before) => ({ ...mine(before), complete: true }));
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // A refused request (unknown id) closes the source: ask the plain route for the reason.
        fetch(`/api/logs/${encodeURIComponent(actionExecutionId)}?limit=1`)
          .then(async (response) => (response.ok ? undefined : ((await response.json()) as { __type?: string; message?: string })))
          .then((refusal) => {
            if (refusal !== undefined) setState((before) => ({ ...mine(before), error: refusal.message ?? 'The log cannot be read.', notFound: /NotFound/.test(refusal.__type ?? '') }));
          })
          .catch(() => undefined);
      }
    };
    return () => {
      source.close();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [actionExecutionId]);
  if (state.id !== actionExecutionId) return { lines: [], complete: false, error: undefined, notFound: false };
  return { lines: state.lines, complete: state.complete, error: state.error, notFound: state.notFound === true };
}
