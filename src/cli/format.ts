import type { Colors } from './terminal.js';

/** A status word in the colour a reader expects: green done, red failed, yellow waiting, blue running. */
export function colourStatus(colors: Colors, status: string | undefined): string {
  if (status === undefined) return colors.dim('—');
  switch (status) {
    case 'Succeeded':
      return colors.green(status);
    case 'Failed':
    case 'Abandoned':
      return colors.red(status);
    case 'InProgress':
    case 'Stopping':
      return colors.blue(status);
    case 'Stopped':
    case 'Superseded':
    case 'Cancelled':
    case 'Skipped':
      return colors.yellow(status);
    default:
      return status;
  }
}

/** A short local timestamp: `2026-05-04 12:03:09`. */
export function formatTime(time: Date | undefined): string {
  if (time === undefined) return '—';
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

/** `1h 2m`, `3m 4s`, `5.2s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 10_000) return `${(milliseconds / 1000).toFixed(1)}s`;
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

// Colour codes take room in a string but not on screen; columns are measured without them.
// eslint-disable-next-line no-control-regex
const ansiPattern = /\x1b\[[0-9;]*m/g;

export function visibleLength(text: string): number {
  return text.replace(ansiPattern, '').length;
}

/** Rows under a header, columns padded to their widest cell. */
export function table(colors: Colors, header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(visibleLength(title), ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const render = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [colors.bold(render(header)), ...rows.map(render)];
}
