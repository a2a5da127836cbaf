import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Where human output goes, and whether it may be coloured and redrawn: colour only on a terminal,
 * and never when the user said no (`--no-color`, or NO_COLOR set to anything, as no-color.org asks).
 */
export interface Terminal {
  isTty: boolean;
  colors: Colors;
  write: (text: string) => void;
  /** One line on stdout. */
  line: (text?: string) => void;
  /** One line on stderr: diagnostics, progress beside `--json`. */
  note: (text: string) => void;
}

export function terminal(options: { color: boolean }, env: NodeJS.ProcessEnv = process.env): Terminal {
  const isTty = process.stdout.isTTY === true;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const colors = picocolors.createColors(isTty && options.color && !noColor && env.TERM !== 'dumb');
  return {
    isTty,
    colors,
    write: (text) => process.stdout.write(text),
    line: (text = '') => process.stdout.write(`${text}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
  };
}
