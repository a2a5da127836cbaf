import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, declaration, waitForExecution } from '../kit/pipelines.js';
import { gitlabMergeRequest, gitlabPush, giteaPush, githubPush, hostHeaders } from './kit/payloads.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { byTrigger, executionsOf, pollEvery, waitForExecutions } from './kit/executions.js';

const buildspec = ['version: 0.2', 'env:', '  exported-variables: [CONTENT]', 'phases:', '  build:', '    commands:', '      - export CONTENT=$(cat src/main.txt)', ''].join('\n');
const connectionId = '7d1f0c2e-9a4b-4f1e-8c3d-5b6a7e8f9a0b';
const connectionArn = `arn:aws:codeconnections:us-east-1:123456789012:connection/${connectionId}`;
const secret = 'v2-webhook-secret';

function connectionSource() {
  return {
    name: 'Checkout',
    actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeStarSourceConnection', version: '1' },
    configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'acme/app', BranchName: 'main' },
    outputArtifacts: [{ name: 'Src' }],
  };
}

describe('V2 triggers fed by git host webhooks', () => {
  let server: TestServer;
  const work = tempDir('v2-triggers');
  let local: string;
  let main: string;

  /** Posts an event to the connection's webhook URL as `host` sends it. */
  async function send(host: 'GitHub' | 'GitLab' | 'Gitea', event: string, payload: object, options: { secret?: string; id?: string; delivery?: string } = {}) {
    const body = JSON.stringify(payload);
    const response = await fetch(`${server.url}/webhooks/v2/${options.id ?? connectionId}`, {
      method: 'POST',
      headers: hostHeaders(host, event, body, options.secret ?? secret, options.delivery),
      body,
    });
    return { status: response.status, body: (await response.json()) as { outcome: string; message: string; executions?: { pipelineName: string; pipelineExecutionId: string }[] } };
  }

  async function push(refspec: string): Promise<void> {
    await git(local, ['push', '--quiet', '--force', `${server.url}/git/acme/app`, refspec]);
  }

  async function content(pipelineName: string, executionId: string): Promise<string | undefined> {
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
    return actionExecutionDetails?.find((detail) => detail.actionName === 'Report')?.output?.outputVariables?.CONTENT;
  }

  beforeAll(async () => {
    server = await startTestServer({ env: pollEvery(3600) });
    writeFileSync(
      join(server.dataDir, 'connections.json'),
      JSON.stringify({
        connections: {
          [connectionArn]: { baseUrl: `${server.url}/git`, webhookSecret: secret },
          'arn:aws:codeconnections:us-east-1:123456789012:connection/no-secret': { baseUrl: `${server.url}/git` },
        },
      }),
    );
    expect((await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"acme/app"}' })).status).toBe(201);
    local = await initRepository(join(work, 'app'));
    main = await commitFiles(local, { 'buildspec.yml': buildspec, 'src/main.txt': 'main one', 'docs/readme.md': '# app\n' }, 'first');
    await push('main');

    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('triggered', [{ name: 'Source', actions: [connectionSource()] }, { name: 'Build', actions: [codeBuild('Report', { namespace: 'Built' })] }], {
          triggers: [
            {
              providerType: 'CodeStarSourceConnection',
              gitConfiguration: {
                sourceActionName: 'Checkout',
                push: [{ branches: { includes: ['main', 'release/**'] }, filePaths: { includes: ['src/**'], excludes: ['**/*.md'] } }, { tags: { includes: ['v*'] } }],
                pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }],
              },
            },
          ],
        }),
      }),
    );
    // The same repository without a trigger: DetectChanges (default true) polls, and pushes wake it.
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('detecting', [{ name: 'Source', actions: [connectionSource()] }, { name: 'Build', actions: [codeBuild('Report')] }]) }));
    for (const name of ['triggered', 'detecting']) {
      const [first] = await waitForExecutions(server.client, name, (executions) => (executions.length > 0 ? executions : undefined), `${name} to start`);
      const done = await waitForExecution(server.client, name, first!.pipelineExecutionId!);
      expect(done.status, done.statusSummary).toBe('Succeeded');
    }
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
    removeDir(work);
  });

  it('starts on a GitHub push to a matching branch that changed a matching file (files diffed with git), pinned to the pushed commit', async () => {
    await git(local, ['checkout', '--quiet', '-b', 'release/1.0']);
    const release = await commitFiles(local, { 'src/main.txt': 'release one' }, 'release');
    await push('release/1.0');
    // No commit lists in the payload: the changed files come from git, between before and after.
    const answer = await send('GitHub', 'push', githubPush({ repository: 'acme/app', ref: 'refs/heads/release/1.0', before: main, after: release }), { delivery: 'gh-1' });
    expect(answer.status, answer.body.message).toBe(200);
    expect(answer.body.outcome).toBe('started');
    expect(answer.body.executions?.map((execution) => execution.pipelineName)).toEqual(['triggered']);
    const id = answer.body.executions![0]!.pipelineExecutionId;
    const again = await send('GitHub', 'push', githubPush({ repository: 'acme/app', ref: 'refs/heads/release/1.0', before: main, after: release }), { delivery: 'gh-1' });
    expect(again.body.executions?.[0]?.pipelineExecutionId).toBe(id);

    const done = await waitForExecution(server.client, 'triggered', id);
    expect(done.status, done.statusSummary).toBe('Succeeded');
    expect(done.trigger).toEqual({ triggerType: 'WebhookV2', triggerDetail: connectionArn });
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(release);
    expect(await content('triggered', id)).toBe('release one');
    await git(local, ['checkout', '--quiet', 'main']);
  });

  it('starts nothing for a push that only changed excluded files, says why, and wakes the poller of the pipeline without triggers', async () => {
    const docs = await commitFiles(local, { 'docs/readme.md': '# app, documented\n' }, 'docs only');
    await push('main');
    const before = byTrigger(await executionsOf(server.client, 'triggered'), 'WebhookV2').length;
    const answer = await send('GitLab', 'Push Hook', gitlabPush({ repository: 'acme/app', ref: 'refs/heads/main', before: main, after: docs, commits: [{ id: docs, modified: ['docs/readme.md'] }] }));
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('filtered');
    expect(answer.body.message).toContain('triggered (Checkout: push filter 1: no changed file (docs/readme.md) matches the file path filter; push filter 2: refs/heads/main is not a tag)');
    expect(byTrigger(await executionsOf(server.client, 'triggered'), 'WebhookV2')).toHaveLength(before);

    const polled = await waitForExecutions(server.client, 'detecting', (executions) => byTrigger(executions, 'PollForSourceChanges')[0], 'the woken poller');
    const done = await waitForExecution(server.client, 'detecting', polled.pipelineExecutionId!);
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(docs);
    main = docs;
  });

  it('starts on a tag push (Gitea) and on an opened merge request (GitLab), pinned to the tag commit and the source head', async () => {
    const tagged = await commitFiles(local, { 'src/main.txt': 'tagged' }, 'tagged');
    await git(local, ['tag', 'v1.0']);
    await push('refs/tags/v1.0');
    const tag = await send('Gitea', 'push', giteaPush({ repository: 'acme/app', ref: 'refs/tags/v1.0', before: '0'.repeat(40), after: tagged, commits: [{ id: tagged, modified: ['src/main.txt'] }] }));
    expect(tag.body.outcome, tag.body.message).toBe('started');
    const tagRun = await waitForExecution(server.client, 'triggered', tag.body.executions![0]!.pipelineExecutionId);
    expect(tagRun.artifactRevisions?.[0]?.revisionId).toBe(tagged);
    expect(await content('triggered', tagRun.pipelineExecutionId!)).toBe('tagged');

    await git(local, ['checkout', '--quiet', '-b', 'feature/x']);
    const head = await commitFiles(local, { 'src/main.txt': 'from the merge request' }, 'feature');
    await push('feature/x');
    const closed = await send('GitLab', 'Merge Request Hook', gitlabMergeRequest({ repository: 'acme/app', action: 'close', sourceBranch: 'feature/x', destinationBranch: 'main', head, base: main }));
    expect(closed.body.outcome).toBe('filtered');
    expect(closed.body.message).toContain('the event CLOSED is not one of OPEN, UPDATED');
    const opened = await send('GitLab', 'Merge Request Hook', gitlabMergeRequest({ repository: 'acme/app', action: 'open', sourceBranch: 'feature/x', destinationBranch: 'main', head, base: main }));
    expect(opened.body.outcome, opened.body.message).toBe('started');
    const prRun = await waitForExecution(server.client, 'triggered', opened.body.executions![0]!.pipelineExecutionId);
    expect(prRun.status, prRun.statusSummary).toBe('Succeeded');
    expect(prRun.artifactRevisions?.[0]?.revisionId).toBe(head);
    expect(await content('triggered', prRun.pipelineExecutionId!)).toBe('from the merge request');
    await git(local, ['checkout', '--quiet', 'main']);
  });

  it('refuses calls with a wrong signature, for unknown connections, and for connections without a secret', async () => {
    const payload = githubPush({ repository: 'acme/app', ref: 'refs/heads/main', before: main, after: main });
    expect((await send('GitHub', 'push', payload, { secret: 'wrong' })).status).toBe(401);
    expect((await send('GitLab', 'Push Hook', gitlabPush({ repository: 'acme/app', ref: 'refs/heads/main', before: main, after: main }), { secret: 'wrong' })).status).toBe(401);
    expect((await send('GitHub', 'push', payload, { id: 'unknown' })).status).toBe(404);
    const noSecret = await send('GitHub', 'push', payload, { id: 'no-secret' });
    expect(noSecret.status).toBe(403);
    expect(noSecret.body.message).toContain('has no webhookSecret');
    const ping = await send('GitHub', 'ping', { zen: 'Design for failure.', repository: { full_name: 'acme/app' } });
    expect(ping).toMatchObject({ status: 200, body: { outcome: 'filtered' } });
  });
});
