import type { Command } from 'commander';
import { connectionFromEnvironment, type Connection } from '../client/connection.js';
import { jsonCall } from '../client/json-call.js';
import { globalOptionsOf } from './global-options.js';
import { terminal, type Terminal } from './terminal.js';

/**
 * What a command's action works with when it needs no AWS SDK client: the server, one way to call
 * its API, and where to print. Reads (`status`) use it: loading the SDK was most of their time.
 */
export interface LightContext {
  connection: Connection;
  /** `--endpoint-url` when given on the command line (not from the environment): `run` then uses that server instead of its own. */
  endpointFlag?: string;
  json: boolean;
  out: Terminal;
  /** Calls one CodePipeline operation (`GetPipelineState`…) and returns what the SDK client would. */
  call: <Output>(operation: string, input: object) => Promise<Output>;
}

export function lightContext(command: Command): LightContext {
  const options = globalOptionsOf(command);
  const connection = connectionFromEnvironment(process.env, options.endpointUrl, options.profile);
  return {
    connection,
    ...(options.endpointUrl !== undefined ? { endpointFlag: options.endpointUrl } : {}),
    json: options.json,
    out: terminal({ color: options.color }),
    call: (operation, input) => jsonCall(connection, operation, input),
  };
}

/** Prints `value` as JSON on stdout: the one thing `--json` prints. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
