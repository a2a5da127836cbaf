/**
 * What `pipewright` exits with, so scripts can tell the cases apart. Documented in `--help` and README.
 * - 0: done (for `start --wait`, the execution succeeded);
 * - 1: refused: the server said no (its exception is printed), a definition is invalid, or the
 *   execution `start --wait` waited for failed, was stopped or superseded;
 * - 2: usage: unknown command or option, a missing argument, a file that cannot be read;
 * - 3: no server answered at the endpoint.
 */
export const ExitCode = {
  success: 0,
  refused: 1,
  usage: 2,
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodesHelp = `
Exit codes:
  0  done (start --wait: the execution succeeded)
  1  refused: the server said no, the definition is invalid, or the awaited execution failed or stopped
  2  usage error: unknown command or option, missing argument, unreadable file
  3  cannot reach the server (start one with \`pipewright server\`, or set --endpoint-url / PIPEWRIGHT_ENDPOINT)
`;

/** A failure the CLI itself reports: its message goes to stderr, its code is the exit code. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliFailure {
  return new CliFailure(message, ExitCode.usage);
}
