import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../src/client/signed-fetch.js';
import { startIamTestServer, type Credentials, type IamTestServer } from './iam-test-server.js';

const run = promisify(execFile);

/** The other doors of a server in iam mode: `/api` routes, the event stream, and git over HTTP. */
describe('every door verifies the caller (--auth iam)', () => {
  let server: IamTestServer;
  let reader: Credentials;
  let work: string;

  beforeAll(async () => {
    server = await startIamTestServer();
    work = mkdtempSync(join(tmpdir(), 'pipewright-doors-'));
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    reader = { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'pull-only',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['codecommit:GitPull', 'codecommit:ListRepositories'], Resource: '*' }] }),
      }),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function api(path: string, credentials: Credentials | undefined, init: { method?: string; body?: string } = {}): Promise<Response> {
    const url = `${server.url}${path}`;
    const headers = { 'content-type': 'application/json' };
    const signed = credentials === undefined ? headers : await signedHeaders(url, { ...init, headers }, credentials, { region: 'us-east-1' });
    return fetch(url, { ...init, headers: signed });
  }

  it('refuses unsigned /api calls and the event stream, and answers signed ones', async () => {
    const unsigned = await api('/api/repos', undefined);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
    expect((await api('/api/events', undefined)).status).toBe(403);
    expect((await api('/api/audit', undefined)).status).toBe(403);

    const created = await api('/api/repos', server.root, { method: 'POST', body: JSON.stringify({ name: 'app' }) });
    expect(created.status).toBe(201);
    const listed = (await (await api('/api/repos', reader)).json()) as { repositories: { name: string }[] };
    expect(listed.repositories.map((repository) => repository.name)).toEqual(['app']);
  });

  it('authorizes /api routes as their IAM actions, and refuses a tampered body', async () => {
    const refused = await api('/api/audit', reader);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ __type: 'AccessDeniedException', message: expect.stringMatching(/^User: arn:aws:iam::\d{12}:user\/reader is not authorized to perform: cloudtrail:LookupEvents on resource: \*/) as string });
    const url = `${server.url}/api/repos`;
    const headers = await signedHeaders(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"one"}' }, server.root, { region: 'us-east-1' });
    const tampered = await fetch(url, { method: 'POST', headers, body: '{"name":"two"}' });
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('serves git over HTTP to an access key id and its secret: GitPull to clone, GitPush to push', async () => {
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', HOME: work };
    const remote = (credentials: Credentials | undefined) => {
      const url = new URL(`${server.url}/git/app`);
      if (credentials !== undefined) {
        url.username = encodeURIComponent(credentials.accessKeyId);
        url.password = encodeURIComponent(credentials.secretAccessKey);
      }
      return url.toString();
    };
    await expect(run('git', ['ls-remote', remote(undefined)], { env })).rejects.toThrow(/Authentication failed|401|could not read Username/);
    await expect(run('git', ['ls-remote', remote({ accessKeyId: reader.accessKeyId, secretAccessKey: 'wrong' })], { env })).rejects.toThrow(/Authentication failed|401/);

    const copy = join(work, 'app');
    await run('git', ['init', '-q', '-b', 'main', copy], { env });
    writeFileSync(join(copy, 'README.md'), 'hello\n');
    await run('git', ['-C', copy, 'add', '.'], { env });
    await run('git', ['-C', copy, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first'], { env });
    await run('git', ['-C', copy, 'push', '-q', remote(server.root), 'main'], { env });

    const clone = join(work, 'clone');
    await run('git', ['clone', '-q', remote(reader), clone], { env });
    await expect(run('git', ['-C', clone, 'push', '-q', remote(reader), 'HEAD:refs/heads/other'], { env })).rejects.toThrow(/403/);

    await server.iam(server.root).send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
    // Pipeline policies give no git rights: GitPush stays refused.
    await expect(run('git', ['-C', clone, 'push', '-q', remote(reader), 'HEAD:refs/heads/other'], { env })).rejects.toThrow(/403/);
  });
});
