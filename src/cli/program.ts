import { Command, type CommanderError } from 'commander';
import { applyCommand } from './commands/apply.js';
import { approvalCommands } from './commands/approval.js';
import { executionsCommand } from './commands/executions.js';
import { listCommand } from './commands/list.js';
import { logsCommand } from './commands/logs.js';
import { repoCommand } from './commands/repo.js';
import { retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { serverCommand } from './commands/server.js';
import { workerCommand } from './commands/worker.js';
import { showCommand } from './commands/show.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { stopCommand } from './commands/stop.js';
import { transitionCommands } from './commands/transitions.js';
import { validateCommand } from './commands/validate.js';
import { watchCommand } from './commands/watch.js';
import { webhookCommand } from './commands/webhook.js';
import { ExitCode, exitCodesHelp } from './exit-codes.js';
import { addGlobalOptions } from './global-options.js';
import { consoleLinkCommand } from './commands/console-link.js';

/** The `pipewright` command. Every subcommand but `server` and `validate` talks to a server over the CodePipeline API. */
export function program(): Command {
  const root = addGlobalOptions(
    new Command()
      .name('pipewright')
      .description('AWS CodePipeline, done right and run anywhere.')
      .showHelpAfterError()
      .addHelpText('after', exitCodesHelp),
  );
  const commands = [
    serverCommand(),
    workerCommand(),
    validateCommand(),
    applyCommand(),
    runCommand(),
    listCommand(),
    showCommand(),
    startCommand(),
    statusCommand(),
    watchCommand(),
    executionsCommand(),
    ...approvalCommands(),
    stopCommand(),
    retryCommand(),
    ...transitionCommands(),
    logsCommand(),
    repoCommand(),
    webhookCommand(),
    consoleLinkCommand(),
  ];
  for (const command of commands) root.addCommand(command);
  exitOnUsageErrors(root);
  return root;
}

/**
 * Commander exits 1 on a usage error; Pipewright keeps 1 for the server's refusals, so usage errors
 * exit 2 (help and --version still exit 0). Set on every command: commander asks the one that failed.
 * Each command's help ends with the exit codes.
 */
function exitOnUsageErrors(command: Command): void {
  command.exitOverride((error: CommanderError) => {
    const code = error.exitCode === 0 ? ExitCode.success : ExitCode.usage;
    process.exit(code);
  });
  for (const sub of command.commands) {
    if (sub.commands.length === 0) sub.addHelpText('after', exitCodesHelp);
    exitOnUsageErrors(sub);
  }
}

export async function runProgram(argv: string[]): Promise<void> {
  await program().parseAsync(argv);
}
