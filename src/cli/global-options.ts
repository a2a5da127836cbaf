import { Option, type Command } from 'commander';
import { defaultEndpoint } from '../client/connection.js';

/** The options every command that talks to a server takes, set once on the program. */
export interface GlobalOptions {
  endpointUrl?: string;
  /** `--profile`: a profile of the AWS credentials file (the one a server in iam mode writes is `pipewright`). */
  profile?: string;
  json: boolean;
  color: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(new Option('--endpoint-url <url>', `the Pipewright server (default: PIPEWRIGHT_ENDPOINT, else ${defaultEndpoint})`))
    .addOption(new Option('--profile <name>', 'the AWS profile whose credentials sign requests (default: the AWS SDK chain: AWS_PROFILE, AWS_ACCESS_KEY_ID, …)'))
    .addOption(new Option('--json', 'print the API responses as JSON on stdout, nothing else'))
    .addOption(new Option('--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)'));
}

/** The global options as a command's action sees them (commander keeps them on the program). */
export function globalOptionsOf(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    json: options.json === true,
    color: options.color !== false,
  };
}
