import { createServer, type Server, type Socket } from 'node:net';
import { StartPipelineExecutionCommand, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';

/**
 * Light jobs (sources, Commands actions: a few short processes waited for) take slots of their own,
 * not the worker's build slots, which follow the number of cores (issue 20). With one build slot,
 * three Commands actions of one stage still run at the same time: each holds a connection to a gate
 * that opens only once all three are connected, so the execution can only succeed if they run at once.
 */
describe('light job slots', () => {
  let server: TestServer;
  let gate: Server;
  let port = 0;
  const waiting: Socket[] = [];
  let mostAtOnce = 0;

  beforeAll(async () => {
    gate = createServer((socket) => {
      waiting.push(socket);
      mostAtOnce = Math.max(mostAtOnce, waiting.length);
      if (waiting.length === 3) for (const held of waiting.splice(0)) held.end('go\n');
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const address = gate.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    port = address.port;
    server = await startTestServer({
      configure: (config) => {
        config.workerConcurrency = 1;
      },
    });
    await hostedRepository(server.dataDir, 'app', { 'README.md': 'one file\n' });
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => gate.close(() => resolve()));
  });

  it('runs three Commands actions of a stage at once on a worker with one build slot', async () => {
    // bash's /dev/tcp: no client program needed in the build environment.
    const waitAtGate = `exec 3<>/dev/tcp/127.0.0.1/${port}; read -r word <&3; test "$word" = go`;
    const commands = (name: string) => ({
      name,
      actionTypeId: { category: 'Compute' as const, owner: 'AWS' as const, provider: 'Commands', version: '1' },
      commands: [waitAtGate],
      inputArtifacts: [{ name: 'Src' }],
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('light-slots', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'AtOnce', actions: [commands('First'), commands('Second'), commands('Third')] },
        ]),
      }),
    );
    const { pipelineExecutionId } = await server.client.send(new StartPipelineExecutionCommand({ name: 'light-slots' }));
    const execution = await waitForExecution(server.client, 'light-slots', pipelineExecutionId ?? '');
    expect(execution.status).toBe('Succeeded');
    expect(mostAtOnce).toBe(3);
  });
});
