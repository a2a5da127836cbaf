import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListActionExecutionsCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Artifacts are verified against the hashes recorded when they were stored, each time they are read: a
 * source artifact damaged on disk between the source action and the build fails the build with a
 * message naming the artifact and the file, instead of building what was not checked out.
 */
describe('a corrupted artifact', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('fails the action that reads it, naming it', { timeout: 60_000 }, async () => {
    await hostedRepository(server.dataDir, 'app', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - cat app.txt\n', 'app.txt': 'hello\n' });
    const approve = { name: 'Hold', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } };
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('damaged', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Hold', actions: [approve] },
          { name: 'Build', actions: [codeBuild('Compile')] },
        ]),
      }),
    );
    // The source artifact is stored; the execution waits at the approval (a gate the test opens).
    const states = await waitForState(server.client, 'damaged', (stages) => stage(stages, 'Hold').actionStates?.[0]?.latestExecution?.token !== undefined, 'the approval');
    const hold = stage(states, 'Hold');
    const blobs = filesUnder(join(server.dataDir, 'artifacts', 'blobs')).filter((path) => statSync(path).size > 0);
    expect(blobs.length).toBeGreaterThan(0);
    for (const blob of blobs) {
      chmodSync(blob, 0o644);
      writeFileSync(blob, 'tampered\n');
    }
    await server.client.send(
      new PutApprovalResultCommand({
        pipelineName: 'damaged',
        stageName: 'Hold',
        actionName: 'Hold',
        token: hold.actionStates?.[0]?.latestExecution?.token,
        result: { status: 'Approved', summary: 'go' },
      }),
    );
    const execution = await waitForExecution(server.client, 'damaged', hold.latestExecution!.pipelineExecutionId!);
    expect(execution.status).toBe('Failed');
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'damaged' }));
    const build = actionExecutionDetails?.find((detail) => detail.actionName === 'Compile');
    expect(build?.status).toBe('Failed');
    expect(build?.output?.executionResult?.errorDetails?.code).toBe('SystemError');
    const message = build?.output?.executionResult?.errorDetails?.message ?? '';
    expect(message).toMatch(/The artifact s3:\/\/pipewright-artifacts\/damaged\/Src\/\S+ is corrupted: its file (app\.txt|buildspec\.yml) was stored with sha256 [0-9a-f]{64}/);
    expect(message).toContain('hashes to sha256');
  });
});
