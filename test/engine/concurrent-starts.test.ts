import {
  ConcurrentPipelineExecutionsLimitExceededException,
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Starts that arrive together are decided together (one batch, one draft of the state): one refused among
 * them must refuse only itself.
 */
describe('starts arriving together', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.limits.maxConcurrentExecutions = 4;
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('starts as many as the limit allows and refuses only the others', async () => {
    await hostedRepository(server.dataDir, 'crowd', { 'README.md': 'hello\n' });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'crowd',
          [
            { name: 'Source', actions: [codeCommitSource('crowd')] },
            { name: 'Approve', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
          ],
          { pipelineType: 'V2', executionMode: 'PARALLEL' },
        ),
      }),
    );
    // CreatePipeline started one; these ten arrive at once and wait for approval, so all stay in flight.
    const starts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => server.client.send(new StartPipelineExecutionCommand({ name: 'crowd', clientRequestToken: `start-${index}` }))),
    );
    const started = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value.pipelineExecutionId!] : []));
    const refused = starts.flatMap((start) => (start.status === 'rejected' ? [start.reason as unknown] : []));
    expect(started).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const error of refused) expect(error).toBeInstanceOf(ConcurrentPipelineExecutionsLimitExceededException);
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'crowd' }));
    expect(pipelineExecutionSummaries).toHaveLength(4);
    expect(pipelineExecutionSummaries?.map((summary) => summary.pipelineExecutionId)).toEqual(expect.arrayContaining(started));
  });
});
