import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineCommand, ListActionExecutionsCommand, type ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGitHubRepository } from '../../src/providers/github/github-config.js';
import { gitHubRepository } from '../../src/providers/github/github-remote.js';
import { completeActionLog } from '../actions/kit/executions.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from '../git/git-kit.js';
import { codeBuild, declaration, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { byTrigger, pollEvery, waitForExecutions } from './kit/executions.js';

const token = 'ghp_SECRETtoken0123456789abcdefABCDEF01';
const buildspec = ['version: 0.2', 'env:', '  exported-variables: [CONTENT]', 'phases:', '  build:', '    commands:', '      - export CONTENT=$(cat src/main.txt)', ''].join('\n');

/**
 * GitHub version 1 sources (owner ThirdParty, provider GitHub; user guide, appendix-github-oauth) run as
 * git sources: the repository is a real git repository on a second Pipewright (a git host) behind a
 * gate that demands the action's OAuthToken as GitHub would (HTTP Basic, user x-access-token), and
 * `<data-dir>/github.json` maps Owner/Repo to it.
 */
describe('the GitHub version 1 source', () => {
  let host: GitHost;
  let gate: Server;
  let gateUrl: string;
  let server: TestServer;
  let local: string;
  const scratch = tempDir('github-v1');
  const authorizations: string[] = [];

  beforeAll(async () => {
    host = await startGitHost();
    expect((await host.createRepository('octo/web-app')).status).toBe(201);
    local = await initRepository(join(scratch, 'web-app'));
    await commitFiles(local, { 'buildspec.yml': buildspec, 'src/main.txt': 'one' }, 'First release');
    await git(local, ['push', '--quiet', `${host.url}/git/octo/web-app`, 'main']);

    const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
    gate = createServer((incoming, outgoing) => {
      authorizations.push(incoming.headers.authorization ?? '');
      if (incoming.headers.authorization !== expected) {
        incoming.resume();
        outgoing.writeHead(401, { 'www-authenticate': 'Basic realm="github"' }).end();
        return;
      }
      const upstream = httpRequest(new URL(incoming.url ?? '/', host.url), { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;

    const dataDir = join(scratch, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'github.json'), JSON.stringify({ repositories: { 'octo/web-app': { baseUrl: `${gateUrl}/git` } } }));
    server = await startTestServer({ dataDir, env: pollEvery(0.2) });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => gate.close(resolve));
    await host.close();
    removeDir(scratch);
  });

  async function details(pipelineName: string, executionId: string): Promise<Map<string, ActionExecutionDetail>> {
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
    return new Map((actionExecutionDetails ?? []).map((detail) => [detail.actionName!, detail]));
  }

  it('checks the branch out with the OAuthToken, reports AWS’s variables, masks the token, and polls for new commits', async () => {
    const source = {
      name: 'GitHub',
      actionTypeId: { category: 'Source' as const, owner: 'ThirdParty' as const, provider: 'GitHub', version: '1' },
      configuration: { Owner: 'octo', Repo: 'web-app', Branch: 'main', OAuthToken: token },
      outputArtifacts: [{ name: 'Src' }],
      namespace: 'SourceVariables',
    };
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('from-github', [{ name: 'Source', actions: [source] }, { name: 'Build', actions: [codeBuild('Report')] }]) }));
    // The secret is masked in what GetPipeline shows.
    const stored = await server.client.send(new GetPipelineCommand({ name: 'from-github' }));
    expect(stored.pipeline?.stages?.[0]?.actions?.[0]?.configuration?.OAuthToken).toBe('****');

    const [created] = await waitForExecutions(server.client, 'from-github', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    const first = await waitForExecution(server.client, 'from-github', created!.pipelineExecutionId!);
    expect(first.status, first.statusSummary).toBe('Succeeded');
    const head = await git(local, ['rev-parse', 'HEAD']);
    expect(first.artifactRevisions?.[0]).toMatchObject({ revisionId: head, revisionSummary: 'First release', revisionUrl: `${gateUrl}/git/octo/web-app/commit/${head}` });
    const firstDetails = await details('from-github', first.pipelineExecutionId!);
    expect(firstDetails.get('GitHub')?.output?.outputVariables).toMatchObject({
      CommitId: head,
      CommitMessage: 'First release',
      CommitUrl: `${gateUrl}/git/octo/web-app/commit/${head}`,
      RepositoryName: 'web-app',
      BranchName: 'main',
    });
    expect(firstDetails.get('Report')?.output?.outputVariables?.CONTENT).toBe('one');
    expect(authorizations.length).toBeGreaterThan(0);
    const log = (await completeActionLog(server.dataDir, firstDetails.get('GitHub')!.actionExecutionId!)).join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));

    // PollForSourceChanges left out means polling, as on AWS.
    const next = await commitFiles(local, { 'src/main.txt': 'two' }, 'Second release');
    await git(local, ['push', '--quiet', `${host.url}/git/octo/web-app`, 'main']);
    const polled = await waitForExecutions(server.client, 'from-github', (executions) => byTrigger(executions, 'PollForSourceChanges')[0], 'the new commit to be detected');
    const second = await waitForExecution(server.client, 'from-github', polled.pipelineExecutionId!);
    expect(second.status, second.statusSummary).toBe('Succeeded');
    expect(second.artifactRevisions?.[0]?.revisionId).toBe(next);
    expect((await details('from-github', second.pipelineExecutionId!)).get('Report')?.output?.outputVariables?.CONTENT).toBe('two');
  });

  it('fails with PermissionError when the host refuses the token, without showing it', async () => {
    const source = {
      name: 'GitHub',
      actionTypeId: { category: 'Source' as const, owner: 'ThirdParty' as const, provider: 'GitHub', version: '1' },
      configuration: { Owner: 'octo', Repo: 'web-app', Branch: 'main', OAuthToken: 'ghp_wrongtoken', PollForSourceChanges: 'false' },
      outputArtifacts: [{ name: 'Src' }],
    };
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('wrong-token', [{ name: 'Source', actions: [source] }, { name: 'Build', actions: [codeBuild('Report')] }]) }));
    const [created] = await waitForExecutions(server.client, 'wrong-token', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    const execution = await waitForExecution(server.client, 'wrong-token', created!.pipelineExecutionId!);
    expect(execution.status).toBe('Failed');
    const failed = (await details('wrong-token', execution.pipelineExecutionId!)).get('GitHub');
    expect(failed?.status).toBe('Failed');
    expect(failed?.output?.executionResult?.errorDetails?.code).toBe('PermissionError');
    expect(failed?.output?.executionResult?.errorDetails?.message).toMatch(/repository octo\/web-app at .* refused the credentials/);
    expect(failed?.output?.executionResult?.errorDetails?.message ?? '').not.toContain('ghp_wrongtoken');
  });

  it('reads https://github.com/<Owner>/<Repo> with the OAuthToken when github.json does not map the repository', async () => {
    const dataDir = join(scratch, 'unmapped');
    mkdirSync(dataDir, { recursive: true });
    expect(await loadGitHubRepository(dataDir, 'octo', 'other')).toEqual({ url: 'https://github.com/octo/other', webUrl: 'https://github.com', username: 'x-access-token' });
    const repository = await gitHubRepository(dataDir, 'GitHub', { Owner: 'octo', Repo: 'other', Branch: 'main', OAuthToken: token });
    expect(repository.remote.url).toBe('https://github.com/octo/other');
    expect(repository.remote.authorization?.header).toBe(`Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
    // A mapping's own token replaces the OAuthToken; a whole URL replaces the base.
    writeFileSync(join(dataDir, 'github.json'), JSON.stringify({ baseUrl: 'https://ghe.example.com/', repositories: { 'octo/lib': { url: 'https://git.example.com/lib.git', tokenEnv: 'LIB_TOKEN' } } }));
    expect((await loadGitHubRepository(dataDir, 'octo', 'other')).url).toBe('https://ghe.example.com/octo/other');
    const mapped = await gitHubRepository(dataDir, 'GitHub', { Owner: 'octo', Repo: 'lib', Branch: 'main', OAuthToken: token }, { LIB_TOKEN: 'own-token' });
    expect(mapped.remote.url).toBe('https://git.example.com/lib.git');
    expect(mapped.remote.authorization?.header).toBe(`Authorization: Basic ${Buffer.from('x-access-token:own-token').toString('base64')}`);
    await expect(gitHubRepository(dataDir, 'GitHub', { Owner: 'octo', Repo: 'lib', Branch: 'main', OAuthToken: token }, {})).rejects.toThrow(/takes its token from LIB_TOKEN/);
    await expect(gitHubRepository(dataDir, 'GitHub', { Owner: '../etc', Repo: 'lib', Branch: 'main', OAuthToken: token })).rejects.toThrow(/Owner "..\/etc" of action GitHub is not a GitHub owner/);
  });
});
