import type { ReactNode } from 'react';
import { StatusBadge } from '../components/status.js';
import { formatDuration } from '../lib/format.js';
import type { LogSection } from './log-sections.js';

/** CodeBuild's phase states in the console's status words. */
const phaseStatus: Record<string, string> = { SUCCEEDED: 'Succeeded', FAILED: 'Failed', FAULT: 'Failed', TIMED_OUT: 'Failed', CLIENT_ERROR: 'Failed', STOPPED: 'Stopped' };

export const sectionKey = (section: LogSection): string => `${section.phase ?? ''}@${section.lines[0]?.number ?? 0}`;

/**
 * One phase of a build log as a foldable section: its heading says the phase, its state, how long it
 * took (or has run so far) and how many lines it has; the lines before the first phase have no heading.
 */
export function LogSectionView({
  section,
  folded,
  onToggle,
  complete,
  now,
  children,
}: {
  section: LogSection;
  folded: boolean;
  onToggle: () => void;
  /** The log has ended: a phase without a "Phase complete" line did not complete, it is not running. */
  complete: boolean;
  now: number;
  children: ReactNode;
}): ReactNode {
  if (section.phase === undefined) return <div className="log-section">{children}</div>;
  const status = section.state !== undefined ? (phaseStatus[section.state] ?? section.state) : complete ? undefined : 'InProgress';
  const end = section.end ?? (complete ? (section.lines.at(-1)?.time ?? section.start) : now * 1000);
  const failed = status === 'Failed';
  return (
    <section className={`log-section phase ${failed ? 'failed' : ''}`} data-phase={section.phase} data-phase-state={section.state ?? (complete ? 'INCOMPLETE' : 'RUNNING')}>
      <button type="button" className="phase-head" aria-expanded={!folded} onClick={onToggle}>
        <span className="fold-mark" aria-hidden="true">
          {folded ? '▸' : '▾'}
        </span>
        <span className="phase-name">{section.phase}</span>
        <StatusBadge status={status} />
        <span className="phase-duration" data-duration>
          {formatDuration((end - section.start) / 1000)}
        </span>
        <span className="phase-lines">
          {section.lines.length} {section.lines.length === 1 ? 'line' : 'lines'}
          {section.failedLines.size > 0 ? `, ${section.failedLines.size} failed` : ''}
        </span>
      </button>
      {folded ? null : children}
    </section>
  );
}
