import type { Command } from 'commander';
import { ServerRefusedError, ServerUnreachableError } from '../client/client-errors.js';
import type { CliContext } from './cli-context.js';
import { CliFailure, ExitCode } from './exit-codes.js';
import { lightContext, type LightContext } from './light-context.js';

type Action<Context, Options, Args extends unknown[]> = (context: Context, options: Options, ...args: Args) => Promise<ExitCode | void>;

/**
 * Wraps a command's action: builds its context, runs it, and turns what it throws into a message on
 * stderr and an exit code (see exit-codes.ts). The action gets the context, the command's options, then its arguments, and returns its exit code
 * (nothing for 0).
 */
export function runAction<Options, Args extends unknown[] = []>(action: Action<CliContext, Options, Args>): (...args: [...Args, Options, Command]) => Promise<void> {
  return runWith(async (command) => {
    // The SDK client's module is loaded by the commands that use it, not by those that do not (runLightAction).
    const { cliContext } = await import('./cli-context.js');
    const context = cliContext(command);
    return { context, done: () => context.client.destroy() };
  }, action);
}

/** runAction for a command that calls the API without the AWS SDK client (LightContext). */
export function runLightAction<Options, Args extends unknown[] = []>(action: Action<LightContext, Options, Args>): (...args: [...Args, Options, Command]) => Promise<void> {
  return runWith((command) => Promise.resolve({ context: lightContext(command), done: () => undefined }), action);
}

function runWith<Context extends LightContext, Options, Args extends unknown[]>(
  makeContext: (command: Command) => Promise<{ context: Context; done: () => void }>,
  action: Action<Context, Options, Args>,
): (...args: [...Args, Options, Command]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const options = args.at(-2) as Options;
    const { context, done } = await makeContext(command);
    try {
      const code = await action(context, options, ...(args.slice(0, -2) as Args));
      process.exitCode = code ?? ExitCode.success;
    } catch (error) {
      const { message, exitCode } = reportOf(error);
      context.out.note(message);
      process.exitCode = exitCode;
    } finally {
      done();
    }
  };
}

function reportOf(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof ServerRefusedError) return { message: `${error.exceptionName}: ${error.message}`, exitCode: ExitCode.refused };
  if (error instanceof ServerUnreachableError) {
    return {
      message: `${error.message}\nStart one with \`pipewright server\` (or \`npm start\`), or point at another with --endpoint-url or PIPEWRIGHT_ENDPOINT.`,
      exitCode: ExitCode.unreachable,
    };
  }
  if (error instanceof CliFailure) return { message: error.message, exitCode: error.exitCode };
  // A fault of the CLI itself: say so plainly, with the stack for a bug report.
  return { message: `pipewright failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: ExitCode.refused };
}
