import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamTestServer, type IamTestServer } from '../api/identity/iam-test-server.js';
import { runCli } from './cli-kit.js';

/**
 * The pipewright CLI against a server started with --auth iam: its credentials file and profile sign
 * every call (the SDK's calls and the /api routes); without credentials the server refuses. Then the
 * console's sign-in: a one-time link from `pipewright console-link`, redeemed for a session cookie.
 */
describe('the CLI and the console sign-in against an iam server', () => {
  let server: IamTestServer;
  const noCredentials = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_CONFIG_FILE: '/nonexistent' };
  let withFile: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startIamTestServer();
    withFile = { ...noCredentials, AWS_SHARED_CREDENTIALS_FILE: join(server.dataDir, 'credentials') };
  });
  afterAll(async () => {
    await server.close();
  });

  it('signs with the profile of the credentials file the server wrote, and is refused without it', async () => {
    const listed = await runCli(['--profile', 'pipewright', 'list', '--json'], { endpoint: server.url, env: withFile });
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual({ pipelines: [] });

    const created = await runCli(['--profile', 'pipewright', 'repo', 'create', 'app'], { endpoint: server.url, env: withFile });
    expect(created.code).toBe(0);

    const refused = await runCli(['list'], { endpoint: server.url, env: noCredentials });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/UnrecognizedClientException|security token included in the request is invalid/);
  });

  it('prints a one-time console link that opens a session cookie once, and the cookie answers the API', async () => {
    const linked = await runCli(['--profile', 'pipewright', 'console-link'], { endpoint: server.url, env: withFile });
    expect(linked.code).toBe(0);
    const url = new URL(linked.stdout.trim());
    expect(url.pathname).toBe('/sign-in');
    const token = new URLSearchParams(url.hash.slice(1)).get('link') ?? '';

    const signIn = () => fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ linkToken: token }) });
    const first = await signIn();
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pipewright-session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
    expect(await first.json()).toEqual({ mode: 'iam', arn: `arn:aws:iam::${server.config.partition.accountId}:root` });
    expect((await signIn()).status).toBe(403);

    const session = cookie.split(';')[0] ?? '';
    const state = await fetch(`${server.url}/`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines' }, body: '{}' });
    expect(state.status).toBe(200);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: session } })).status).toBe(200);
    await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie: session } });
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: session } })).status).toBe(403);
  });

  it('opens a session for an access key id and its secret, and refuses a wrong one', async () => {
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    const signIn = (secretAccessKey: string) =>
      fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessKeyId: key.AccessKeyId, secretAccessKey }) });
    const wrong = await signIn('not-the-secret');
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await signIn(key.SecretAccessKey!);
    expect(await right.json()).toEqual({ mode: 'iam', arn: `arn:aws:iam::${server.config.partition.accountId}:user/erin` });
    // The session acts as erin, who has no policy: the API refuses her in AWS's words.
    const session = (right.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const refused = await fetch(`${server.url}/`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines' }, body: '{}' });
    expect(await refused.json()).toMatchObject({ __type: 'AccessDeniedException' });
  });
});
