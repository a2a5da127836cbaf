import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSandbox } from '../../../../src/providers/shared/sandbox/current-sandbox.js';
import { setUpBuildSandbox } from '../../../../src/server/build-sandbox.js';
import { resolveServerConfig } from '../../../../src/server/config.js';
import { BuildKit } from '../../codebuild/build-kit.js';

const buildspec = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "canary=${CANARY_SECRET:-absent}"\n';
const noBwrap = { PIPEWRIGHT_BWRAP: '/nonexistent/bwrap' };

/** The sandbox's settings as the server reads them from its environment, once, into ServerConfig. */
function sandboxSettings(env: Record<string, string>) {
  return resolveServerConfig({ dataDir: '/nonexistent' }, env).sandbox;
}

/** A logger whose warnings the test reads. */
function recordingLogger(): { logger: pino.Logger; warnings: string[] } {
  const warnings: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const record = JSON.parse(chunk.toString()) as { level: number; msg: string };
      if (record.level === 40) warnings.push(record.msg);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), warnings };
}

/**
 * What a server does where bubblewrap cannot run (README, "Builds in a sandbox"): says so at start, runs
 * builds unsandboxed on loopback, refuses them on any other address unless the operator opted out.
 * The server's environment stays out of builds in every mode.
 */
describe('builds where bubblewrap is unavailable', () => {
  let kit: BuildKit;
  beforeAll(async () => {
    kit = await BuildKit.open();
    process.env.CANARY_SECRET = 'server-secret';
  });
  afterAll(async () => {
    delete process.env.CANARY_SECRET;
    await kit.dispose();
  });

  it('refuses builds on a server listening beyond loopback, saying what to do', async () => {
    const { logger, warnings } = recordingLogger();
    const sandbox = setUpBuildSandbox('0.0.0.0', sandboxSettings(noBwrap), logger);
    expect(sandbox.status.kind).toBe('refused');
    const message = 'Builds are refused: bubblewrap (bwrap) is not installed and the server listens beyond loopback. Install bubblewrap, or set PIPEWRIGHT_BUILD_SANDBOX=off to run builds unsandboxed.';
    expect(warnings).toEqual([message]);
    const job = kit.job();
    // As the server's worker runs each job: with the launcher the start set up.
    await expect(withSandbox(sandbox, () => job.run(buildspec))).rejects.toThrow(message);
    expect(await job.system()).toContain(message);
    expect(await job.output()).toEqual([]);
  });

  it('runs them unsandboxed with a warning on loopback, or when the operator opts out', async () => {
    for (const [host, env, reason] of [
      ['127.0.0.1', noBwrap, 'bubblewrap (bwrap) is not installed; the server listens on loopback only'],
      ['0.0.0.0', { ...noBwrap, PIPEWRIGHT_BUILD_SANDBOX: 'off' }, 'PIPEWRIGHT_BUILD_SANDBOX=off'],
    ] as const) {
      const { logger, warnings } = recordingLogger();
      const sandbox = setUpBuildSandbox(host, sandboxSettings(env), logger);
      expect(sandbox.status).toEqual({ kind: 'unsandboxed', reason });
      expect(warnings).toEqual([`builds, Commands actions and local functions run WITHOUT a sandbox: ${reason}`]);
      const job = kit.job();
      expect((await withSandbox(sandbox, () => job.run(buildspec))).status).toBe('SUCCEEDED');
      expect(await job.output()).toEqual(['canary=absent']);
      expect((await job.system()).some((line) => line.startsWith(`Not sandboxed (${reason}); limits: `))).toBe(true);
    }
  });
});
