import type { Command } from 'commander';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { call, codePipelineClient } from '../client/codepipeline-client.js';
import { lightContext, type LightContext } from './light-context.js';

export { printJson } from './light-context.js';

/** What a command's action works with: the server, how to call it (the SDK client too), and where to print. */
export interface CliContext extends LightContext {
  client: CodePipelineClient;
  /** Sends one SDK call; the server's refusals and an absent server become the client's errors. */
  send: <Output>(send: (client: CodePipelineClient) => Promise<Output>) => Promise<Output>;
}

export function cliContext(command: Command): CliContext {
  const light = lightContext(command);
  const client = codePipelineClient(light.connection);
  return { ...light, client, send: (send) => call(light.connection, () => send(client)) };
}
