/** Where a Pipewright server answers, and how a client identifies itself to it. */
export interface Connection {
  /** The server's base URL, e.g. http://127.0.0.1:8741 (no trailing slash needed). */
  endpoint: string;
  /** The region to sign requests for; the server answers in its own region whatever is signed. */
  region: string;
  /** A profile of the AWS shared credentials and config files (`--profile`), else the SDK's default chain. */
  profile?: string;
}

export const defaultEndpoint = 'http://127.0.0.1:8741';

/** The endpoint and region from the environment, as every Pipewright client reads them. */
export function connectionFromEnvironment(env: NodeJS.ProcessEnv, endpoint?: string, profile?: string): Connection {
  return {
    endpoint: endpoint ?? env.PIPEWRIGHT_ENDPOINT ?? defaultEndpoint,
    region: env.PIPEWRIGHT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(profile !== undefined ? { profile } : {}),
  };
}

/** `path` (starting with `/`) on the server. */
export function urlOf(connection: Connection, path: string): string {
  return connection.endpoint.replace(/\/+$/, '') + path;
}
