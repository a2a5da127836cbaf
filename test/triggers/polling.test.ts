import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { byTrigger, executionsOf, pollEvery, waitForExecutions } from './kit/executions.js';

/** A build that reports the content of app.txt in the variable CONTENT: what the source really held. */
const buildspec = ['version: 0.2', 'env:', '  exported-variables: [CONTENT]', 'phases:', '  build:', '    commands:', '      - export CONTENT=$(cat app.txt)', ''].join('\n');

function pollingPipeline(name: string, repository: string, poll: 'true' | 'false' | undefined) {
  return declaration(name, [
    {
      name: 'Source',
      actions: [
        {
          name: 'Checkout',
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: repository, BranchName: 'main', ...(poll !== undefined ? { PollForSourceChanges: poll } : {}) },
          outputArtifacts: [{ name: 'Src' }],
        },
      ],
    },
    { name: 'Build', actions: [codeBuild('Report', { namespace: 'Built' })] },
  ]);
}

async function builtContent(server: TestServer, pipelineName: string, executionId: string): Promise<string | undefined> {
  const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
  return actionExecutionDetails?.find((detail) => detail.actionName === 'Report')?.output?.outputVariables?.CONTENT;
}

/** Waits for the `nth` PollForSourceChanges execution (of `commit`) to end, and returns its id. */
async function polledExecutionOf(server: TestServer, pipelineName: string, commit: string, nth: number): Promise<string> {
  const id = await waitForExecutions(
    server.client,
    pipelineName,
    (executions) => byTrigger(executions, 'PollForSourceChanges')[nth - 1]?.pipelineExecutionId,
    `polled execution ${nth}, of ${commit}`,
  );
  const execution = await waitForExecution(server.client, pipelineName, id);
  expect(execution.status, execution.statusSummary).toBe('Succeeded');
  expect(execution.artifactRevisions?.[0]?.revisionId).toBe(commit);
  return id;
}

describe('polling for source changes', () => {
  const dataDir = tempDir('polling');
  let server: TestServer;
  afterAll(async () => {
    await server.close();
    removeDir(dataDir);
  });

  it('starts one execution per new commit, pinned to it, and none again after a restart', async () => {
    server = await startTestServer({ dataDir, env: pollEvery(0.2) });
    const { path: repo } = await hostedRepository(dataDir, 'polled', { 'buildspec.yml': buildspec, 'app.txt': 'one' });
    // PollForSourceChanges omitted: AWS's default for pipelines made through the API is to poll.
    await server.client.send(new CreatePipelineCommand({ pipeline: pollingPipeline('polled', 'polled', undefined) }));
    const [created] = await waitForExecutions(server.client, 'polled', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    expect(created?.trigger?.triggerType).toBe('CreatePipeline');
    await waitForExecution(server.client, 'polled', created!.pipelineExecutionId!);
    const { metadata } = await server.client.send(new GetPipelineCommand({ name: 'polled' }));
    expect(metadata?.pollingDisabledAt).toBeUndefined();

    // A commit made in the repository itself, no push: only polling can see it.
    const two = await commitFiles(repo, { 'app.txt': 'two' }, 'two');
    const second = await polledExecutionOf(server, 'polled', two, 1);
    expect(await builtContent(server, 'polled', second)).toBe('two');
    const three = await commitFiles(repo, { 'app.txt': 'three' }, 'three');
    await polledExecutionOf(server, 'polled', three, 2);
    // Many rounds passed between the two commits: still one execution each.
    expect(byTrigger(await executionsOf(server.client, 'polled'), 'PollForSourceChanges').map((execution) => execution.sourceRevisions?.[0]?.revisionId)).toEqual([two, three]);

    // A commit while the server is down is found at the next start, once.
    await server.close();
    const four = await commitFiles(repo, { 'app.txt': 'four' }, 'four');
    server = await startTestServer({ dataDir, env: pollEvery(0.2) });
    await polledExecutionOf(server, 'polled', four, 3);

    // A crash between starting an execution and remembering its revision: the record still says three.
    await server.close();
    const store = await openStore({ kind: 'sqlite', path: join(dataDir, 'pipewright.db') });
    const record = await store.getSourceRevision('polled', 'Checkout');
    expect(record?.revision).toBe(four);
    expect(await store.putSourceRevision({ ...record!, revision: three, changes: record!.changes + 1 }, record!.changes)).toBe(true);
    await store.close();
    server = await startTestServer({ dataDir, env: pollEvery(0.2) });
    const five = await commitFiles(repo, { 'app.txt': 'five' }, 'five');
    await polledExecutionOf(server, 'polled', five, 4);
    expect(byTrigger(await executionsOf(server.client, 'polled'), 'PollForSourceChanges').map((execution) => execution.sourceRevisions?.[0]?.revisionId)).toEqual([
      two,
      three,
      four,
      five,
    ]);
  });
});

describe('pushes to hosted repositories', () => {
  let server: TestServer;
  const work = tempDir('pushes');
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
    removeDir(work);
  });

  it('wake the poller long before its interval, and start event-driven pipelines at once (CloudWatchEvent)', async () => {
    // An hour between rounds: anything detected within the test came from the pushes.
    server = await startTestServer({ env: pollEvery(3600) });
    for (const name of ['pushed', 'evented']) {
      const created = await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(created.status).toBe(201);
    }
    const local = await initRepository(join(work, 'app'));
    const first = await commitFiles(local, { 'buildspec.yml': buildspec, 'app.txt': 'first' }, 'first');
    for (const name of ['pushed', 'evented']) await git(local, ['push', '--quiet', `${server.url}/git/${name}`, 'main']);

    await server.client.send(new CreatePipelineCommand({ pipeline: pollingPipeline('pushed', 'pushed', 'true') }));
    await server.client.send(new CreatePipelineCommand({ pipeline: pollingPipeline('evented', 'evented', 'false') }));
    for (const name of ['pushed', 'evented']) {
      const [created] = await waitForExecutions(server.client, name, (executions) => (executions.length > 0 ? executions : undefined), `${name} to start`);
      await waitForExecution(server.client, name, created!.pipelineExecutionId!);
      expect(created?.trigger?.triggerType).toBe('CreatePipeline');
    }

    const second = await commitFiles(local, { 'app.txt': 'second' }, 'second');
    expect(second).not.toBe(first);
    for (const name of ['pushed', 'evented']) await git(local, ['push', '--quiet', `${server.url}/git/${name}`, 'main']);

    const polled = await polledExecutionOf(server, 'pushed', second, 1);
    expect(await builtContent(server, 'pushed', polled)).toBe('second');
    const evented = await waitForExecutions(server.client, 'evented', (executions) => byTrigger(executions, 'CloudWatchEvent')[0], 'a CloudWatchEvent execution');
    expect(evented.trigger?.triggerDetail).toBe('arn:aws:events:us-east-1:123456789012:rule/codepipeline-evented-main-rule');
    const done = await waitForExecution(server.client, 'evented', evented.pipelineExecutionId!);
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(second);
    expect(await builtContent(server, 'evented', evented.pipelineExecutionId!)).toBe('second');
    // The event-driven pipeline does not poll: one execution for the push, none from polling.
    expect((await executionsOf(server.client, 'evented')).map((execution) => execution.trigger?.triggerType)).toEqual(['CreatePipeline', 'CloudWatchEvent']);

    // A push to another branch starts nothing; the next push to main does.
    await git(local, ['push', '--quiet', `${server.url}/git/evented`, 'main:other']);
    const third = await commitFiles(local, { 'app.txt': 'third' }, 'third');
    await git(local, ['push', '--quiet', `${server.url}/git/evented`, 'main']);
    await waitForExecutions(server.client, 'evented', (executions) => (byTrigger(executions, 'CloudWatchEvent').length === 2 ? true : undefined), 'the second push');
    const triggered = byTrigger(await executionsOf(server.client, 'evented'), 'CloudWatchEvent');
    const last = await waitForExecution(server.client, 'evented', triggered[1]!.pipelineExecutionId!);
    expect(last.artifactRevisions?.[0]?.revisionId).toBe(third);
    expect(triggered).toHaveLength(2);
  });

  it('are ignored by a pipeline created after they arrived: creating it starts the one execution', async () => {
    // git answers the client before the server has handled the push, so a script's next call (creating
    // the pipeline) can come first; the push must not then count as a change to the new pipeline.
    const names = ['late-1', 'late-2', 'late-3', 'late-4'];
    const local = await initRepository(join(work, 'late'));
    await commitFiles(local, { 'buildspec.yml': buildspec, 'app.txt': 'late' }, 'late');
    for (const name of names) {
      await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      await git(local, ['push', '--quiet', `${server.url}/git/${name}`, 'main']);
      await server.client.send(new CreatePipelineCommand({ pipeline: pollingPipeline(name, name, 'false') }));
    }
    for (const name of names) {
      const [created] = await waitForExecutions(server.client, name, (executions) => (executions.length > 0 ? executions : undefined), `${name} to start`);
      await waitForExecution(server.client, name, created!.pipelineExecutionId!);
      expect((await executionsOf(server.client, name)).map((execution) => execution.trigger?.triggerType)).toEqual(['CreatePipeline']);
    }
  });
});
