import type { Command } from 'commander';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { call, codePipelineClient, connectionFromEnvironment, type Connection } from '../client/index.js';
import { globalOptionsOf } from './global-options.js';
import { terminal, type Terminal } from './terminal.js';

/** What a command's action works with: the server, how to call it, and where to print. */
export interface CliContext {
  connection: Connection;
  /** `--endpoint-url` when given on the command line (not from the environment): `run` then uses that server instead of its own. */
  endpointFlag?: string;
  client: CodePipelineClient;
  json: boolean;
  out: Terminal;
  /** Sends one SDK call; the server's refusals and an absent server become the client's errors. */
  send: <Output>(send: (client: CodePipelineClient) => Promise<Output>) => Promise<Output>;
}

export function cliContext(command: Command): CliContext {
  const options = globalOptionsOf(command);
  const connection = connectionFromEnvironment(process.env, options.endpointUrl, options.profile);
  const client = codePipelineClient(connection);
  return {
    connection,
    ...(options.endpointUrl !== undefined ? { endpointFlag: options.endpointUrl } : {}),
    client,
    json: options.json,
    out: terminal({ color: options.color }),
    send: (send) => call(connection, () => send(client)),
  };
}

/** Prints `value` as JSON on stdout: the one thing `--json` prints. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
