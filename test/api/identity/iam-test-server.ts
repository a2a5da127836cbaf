import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface IamTestServer extends TestServer {
  root: Credentials;
  codePipeline(credentials: Credentials, options?: { systemClockOffset?: number }): CodePipelineClient;
  iam(credentials: Credentials): IAMClient;
  sts(credentials: Credentials): STSClient;
}

/** A real test server in `--auth iam` mode, with AWS SDK clients for any credentials. */
export async function startIamTestServer(): Promise<IamTestServer> {
  const server = await startTestServer({
    configure: (config) => {
      config.auth = 'iam';
    },
  });
  const root = server.rootCredentials;
  if (root === undefined) throw new Error('an iam server on a new data directory creates root credentials');
  const clients: { destroy(): void }[] = [];
  const common = { endpoint: server.url, region: server.config.partition.region, maxAttempts: 1 };
  const track = <C extends { destroy(): void }>(client: C): C => {
    clients.push(client);
    return client;
  };
  return {
    ...server,
    root: { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    codePipeline: (credentials, options = {}) => track(new CodePipelineClient({ ...common, credentials, ...options })),
    iam: (credentials) => track(new IAMClient({ ...common, credentials })),
    sts: (credentials) => track(new STSClient({ ...common, credentials })),
    close: async () => {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}
