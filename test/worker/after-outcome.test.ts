import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartPipelineExecutionCommand, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/** Mount points under `dir` (an overlay checkout is one while a build runs). */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${dir}/`));
}

/** Job folders left in the work root (the spare folders made ahead are not jobs). */
function jobFolders(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'work')).filter((name) => !name.startsWith('.'));
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A build's input checkouts are released after its outcome is reported (ProviderTools.afterOutcome), at
// the job's release: they must still go, overlays unmounted, with the workspace.
describe('checkouts released after the outcome', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('leaves no checkout, mount or workspace behind once the build has succeeded', async () => {
    // More files than a checkout copies: the store may lay it out as an overlay, which only a release unmounts.
    const files: Record<string, string> = { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo changed >> file-1.txt\n      - ls | wc -l\n' };
    for (let index = 0; index < 40; index++) files[`file-${index}.txt`] = `content ${index}\n`;
    await hostedRepository(server.dataDir, 'released', files);
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('released', [{ name: 'Source', actions: [codeCommitSource('released')] }, { name: 'Build', actions: [codeBuild('Build')] }]) }));
    const { pipelineExecutionId } = await server.client.send(new StartPipelineExecutionCommand({ name: 'released' }));
    const execution = await waitForExecution(server.client, 'released', pipelineExecutionId!);
    expect(execution.status).toBe('Succeeded');
    await until(() => jobFolders(server.dataDir).length === 0, 'the jobs’ workspaces to go');
    expect(mountsUnder(server.dataDir)).toEqual([]);
  });
});
