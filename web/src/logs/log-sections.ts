import type { LogLine } from '../api/types.js';

/** A run of log lines: the lines before the first phase, or one CodeBuild phase from its entry to its end. */
export interface LogSection {
  /** The CodeBuild phase (INSTALL, BUILD…), or undefined for the lines before the first phase. */
  phase: string | undefined;
  /** CodeBuild's phase state (SUCCEEDED, FAILED, STOPPED…), or undefined while the phase runs. */
  state: string | undefined;
  /** Epoch milliseconds of the phase's first and (once complete) last line. */
  start: number;
  end: number | undefined;
  lines: LogLine[];
  /** Numbers of the lines that say a command failed. */
  failedLines: Set<number>;
}

/**
 * The lines CodeBuild writes around its phases, as its own logs have them (with or without the
 * "[Container] <time>" prefix): "Entering phase BUILD", "Phase complete: BUILD State: SUCCEEDED",
 * and "Command did not exit successfully <command> exit status <n>" for a failed command.
 */
const entering = /(?:^|\s)Entering phase (\w+)\s*$/;
const completed = /(?:^|\s)Phase complete: (\w+) State: (\w+)/;
const failedCommand = /(?:^|\s)Command did not exit successfully .* exit status \d+/;

/**
 * Folds a log into sections by its phase lines. A log that has none (an action that is not a build)
 * is one section without a phase, so every log reads the same way.
 */
export function logSections(lines: LogLine[]): LogSection[] {
  const sections: LogSection[] = [];
  let current: LogSection | undefined;
  for (const line of lines) {
    const entered = line.stream === 'system' ? entering.exec(line.text) : null;
    if (entered !== null || current === undefined) {
      current = { phase: entered?.[1], state: undefined, start: line.time, end: undefined, lines: [], failedLines: new Set() };
      sections.push(current);
    }
    current.lines.push(line);
    if (line.stream !== 'system') continue;
    if (failedCommand.test(line.text)) current.failedLines.add(line.number);
    const complete = completed.exec(line.text);
    if (complete !== null && complete[1] === current.phase) {
      current.state = complete[2];
      current.end = line.time;
    }
  }
  return sections;
}
