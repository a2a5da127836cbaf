import {
  CreatePipelineCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/** Real pipelines end to end: a hosted git repository, real buildspec builds, over the AWS SDK. */
describe('pipelines run for real', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('checks out, builds, passes artifacts and variables, and succeeds', async () => {
    const { commit } = await hostedRepository(server.dataDir, 'app', {
      'app.txt': 'hello from the app\n',
      'buildspec.yml': [
        'version: 0.2',
        'env:',
        '  exported-variables: [VERSION]',
        'phases:',
        '  build:',
        '    commands:',
        '      - export VERSION=1.2.$CODEBUILD_BUILD_NUMBER',
        '      - mkdir -p out && tr a-z A-Z < app.txt > out/APP.TXT',
        'artifacts:',
        '  base-directory: out',
        '  files: ["**/*"]',
        '',
      ].join('\n'),
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('build-and-check', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Build', actions: [codeBuild('Compile', { outputs: ['Bin'], namespace: 'BuildVariables' })] },
          {
            name: 'Check',
            actions: [
              {
                ...codeBuild('Verify', { input: 'Bin' }),
                configuration: {
                  ProjectName: 'Verify',
                  EnvironmentVariables: JSON.stringify([
                    { name: 'EXPECTED_VERSION', value: '#{BuildVariables.VERSION}', type: 'PLAINTEXT' },
                    { name: 'COMMIT', value: '#{SourceVariables.CommitId}', type: 'PLAINTEXT' },
                  ]),
                },
              },
            ],
          },
        ]),
      }),
    );
    // The check stage's build has no buildspec of its own in the artifact: it fails unless the pipeline
    // gives it a project; CreatePipeline started an execution already, which we wait for.
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'build-and-check' }));
    const first = pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
    expect(first).toBeDefined();
    const execution = await waitForExecution(server.client, 'build-and-check', first!);
    expect(execution.status).toBe('Failed');
    expect(execution.statusSummary).toContain('Verify');

    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'build-and-check', filter: { pipelineExecutionId: first! } }));
    const byName = new Map(actionExecutionDetails!.map((detail) => [detail.actionName, detail]));
    expect(byName.get('Checkout')?.status).toBe('Succeeded');
    expect(byName.get('Checkout')?.output?.outputVariables?.CommitId).toBe(commit);
    expect(byName.get('Compile')?.status).toBe('Succeeded');
    expect(byName.get('Compile')?.output?.outputVariables?.VERSION).toMatch(/^1\.2\.\d+$/);
    const verify = byName.get('Verify');
    expect(verify?.input?.resolvedConfiguration?.EnvironmentVariables).toContain(commit);
    expect(verify?.input?.resolvedConfiguration?.EnvironmentVariables).toContain(byName.get('Compile')!.output!.outputVariables!.VERSION);
    expect(execution.artifactRevisions?.[0]?.revisionId).toBe(commit);

    // Page by page, newest first, the pages together are the whole history; a forged token is refused.
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'build-and-check', maxResults: 2, ...(nextToken !== undefined ? { nextToken } : {}) }));
      expect(page.actionExecutionDetails!.length).toBeLessThanOrEqual(2);
      paged.push(...page.actionExecutionDetails!.map((detail) => detail.actionName!));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(paged).toEqual(['Verify', 'Compile', 'Checkout']);
    await expect(server.client.send(new ListActionExecutionsCommand({ pipelineName: 'build-and-check', nextToken: 'not-a-token' }))).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it('starts an execution once per clientRequestToken', async () => {
    await hostedRepository(server.dataDir, 'idem', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('idempotent', [{ name: 'Source', actions: [codeCommitSource('idem')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
    );
    const first = await server.client.send(new StartPipelineExecutionCommand({ name: 'idempotent', clientRequestToken: 'release-42' }));
    const again = await server.client.send(new StartPipelineExecutionCommand({ name: 'idempotent', clientRequestToken: 'release-42' }));
    expect(again.pipelineExecutionId).toBe(first.pipelineExecutionId);
    const done = await waitForExecution(server.client, 'idempotent', first.pipelineExecutionId!);
    expect(['Succeeded', 'Superseded'], done.statusSummary).toContain(done.status);
  });
});
