import { randomBytes } from 'node:crypto';
import { CreatePipelineCommand, ListPipelineExecutionsCommand, RetryStageExecutionCommand } from '@aws-sdk/client-codepipeline';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/** The engine on PostgreSQL: the same real pipeline, failed, fixed and retried, with state in PostgreSQL. */
describe.skipIf(url === undefined || url === '')('the engine on PostgreSQL', () => {
  let server: TestServer;
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    // Its builds wait on, or fail by, host files the test creates: outside the sandbox, on purpose.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' }, storeLocation: { kind: 'postgres', url: url!, schema } });
  });
  afterAll(async () => {
    await server.close();
    await dropTestSchema(url!, schema);
  });

  it('runs, fails, and succeeds after a retry', async () => {
    const fixed = join(server.dataDir, 'fixed');
    await hostedRepository(server.dataDir, 'pg-app', { 'buildspec.yml': `version: 0.2\nphases:\n  build:\n    commands:\n      - test -f ${fixed}\n` });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('on-postgres', [{ name: 'Source', actions: [codeCommitSource('pg-app')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'on-postgres' }));
    const id = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'on-postgres', id)).status).toBe('Failed');
    writeFileSync(fixed, '');
    await server.client.send(new RetryStageExecutionCommand({ pipelineName: 'on-postgres', stageName: 'Build', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' }));
    expect((await waitForExecution(server.client, 'on-postgres', id)).status).toBe('Succeeded');
  });
});
