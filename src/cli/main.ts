#!/usr/bin/env node
import { Command } from 'commander';
import { serverCommand } from './commands/server.js';

/** The `pipewright` command. Every subcommand but `server` talks to a server over the CodePipeline API. */
const program = new Command()
  .name('pipewright')
  .description('AWS CodePipeline, done right and run anywhere.')
  .showHelpAfterError();

program.addCommand(serverCommand());

await program.parseAsync(process.argv);
