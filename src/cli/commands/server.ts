import { Command } from 'commander';
import { parsePort } from '../options.js';
import { lazyAction } from '../lazy-action.js';

export function serverCommand(): Command {
  return new Command('server')
    .description('Run the Pipewright server in the foreground (API, console, engine and in-process worker).')
    // No commander defaults: an absent flag falls back to PIPEWRIGHT_* variables, then to the defaults.
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8741)', parsePort)
    .option('--data-dir <dir>', 'where state, artifacts and repositories live (default ./.pipewright)')
    .option('--database-url <url>', 'postgres://… to keep state in PostgreSQL instead of SQLite in the data dir')
    .option('--public-url <url>', 'the URL clients and browsers reach the server by, when not localhost or an IP address')
    // Both forms declared, so that neither sets a default and PIPEWRIGHT_DEMO can decide when both are absent.
    .option('--demo', 'set up and run the quickstart demo pipeline when the data dir is new (default)')
    .option('--no-demo', 'never set up the quickstart demo')
    .option('--auth <mode>', 'iam: SigV4 and IAM policies on every request; none: anyone may do anything (loopback hosts only). Default: none on loopback, iam otherwise')
    .action(lazyAction(() => import('../actions/server.js'), 'serverAction'));
}
