import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupHasLiveMembers } from '../../../src/providers/shared/process-identity.js';
import type { TestReport } from '../../../src/core/contracts/test-report.js';
import { BuildKit } from './build-kit.js';
import { hostProcessesWith, uniqueSleep } from '../shared/sandbox/host-processes.js';

let kit: BuildKit;
beforeEach(async () => {
  kit = await BuildKit.open();
});
afterEach(async () => {
  await kit.dispose();
});

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

describe('executeBuild', () => {
  it('runs the phases in order, carrying directory and exported variables across phases, with CodeBuild’s variables', async () => {
    const job = kit.job({ Source: { 'app.txt': 'app' }, Other: { 'lib.txt': 'lib' } });
    const result = await job.run(`
version: 0.2
env:
  variables:
    GREETING: hello
    LITERAL: "$PATH:/x"
  exported-variables: [VERSION, GREETING]
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - mkdir -p out && cd out
      - export VERSION=1.2.3
  pre_build:
    commands:
      - echo "pre in $(basename "$PWD") version $VERSION"
  build:
    commands:
      - echo "$GREETING $LITERAL"
      - echo "src=$CODEBUILD_SRC_DIR other=$CODEBUILD_SRC_DIR_Other"
      - echo "n=$CODEBUILD_BUILD_NUMBER by=$CODEBUILD_INITIATOR rev=$CODEBUILD_RESOLVED_SOURCE_VERSION region=$AWS_REGION ok=$CODEBUILD_BUILD_SUCCEEDING"
      - echo "$CODEBUILD_SOURCE_VERSION"
      - test "$CODEBUILD_START_TIME" -gt 1600000000000 && echo "id=\${CODEBUILD_BUILD_ID%%:*} arn=\${CODEBUILD_BUILD_ARN%%/*}"
  post_build:
    commands:
      - echo post
`);
    expect(result).toMatchObject({ status: 'SUCCEEDED', buildNumber: 1, exportedVariables: { VERSION: '1.2.3', GREETING: 'hello' } });
    expect(result.buildId).toMatch(/^my-project:[0-9a-f-]{36}$/);
    const other = job.sources[1]!.dir;
    expect(await job.output()).toEqual([
      'pre in out version 1.2.3',
      'hello $PATH:/x',
      `src=${job.srcDir} other=${other}`,
      'n=1 by=codepipeline/my-pipeline rev=abc123 region=eu-west-1 ok=1',
      'arn:aws:s3:::artifacts/my-pipeline/Source/k1',
      'id=my-project arn=arn:aws:codebuild:eu-west-1:123456789012:build',
      'post',
    ]);
    const system = await job.system();
    expect(system).toContain('Runtime versions requested: nodejs 20 (the host\'s installed runtimes are used)');
    expect(system.filter((line) => line.startsWith('Phase complete'))).toEqual([
      'Phase complete: INSTALL State: SUCCEEDED',
      'Phase complete: PRE_BUILD State: SUCCEEDED',
      'Phase complete: BUILD State: SUCCEEDED',
      'Phase complete: POST_BUILD State: SUCCEEDED',
      'Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED',
    ]);
    expect(system).toContain('Running command mkdir -p out && cd out');
  });

  it('skips the rest of a failed BUILD, runs its finally, then POST_BUILD (knowing the build fails) and the upload', async () => {
    const job = kit.job({ Source: { 'report.xml': junit } });
    const result = await job.run(
      `
version: 0.2
phases:
  build:
    commands:
      - echo one
      - sh -c 'exit 3'
      - echo never
    finally:
      - echo "finally ran"
  post_build:
    commands:
      - echo "post succeeding=$CODEBUILD_BUILD_SUCCEEDING"
reports:
  unit:
    files: ['report.xml']
artifacts:
  files: ['**/*']
`,
      { plan: { outputs: ['BuildOutput'] } },
    );
    expect(result).toMatchObject({ status: 'FAILED', failureType: 'JobFailed' });
    if (result.status === 'SUCCEEDED') return;
    expect(result.message).toBe(`Phase BUILD failed: command 'sh -c 'exit 3'' exited with status 3 (build ${result.buildId})`);
    expect(await job.output()).toEqual(['one', 'finally ran', 'post succeeding=0']);
    // The reports of a failed build are still read.
    expect((result.reports[0] as TestReport | undefined)?.totals).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1, errored: 0, unknown: 0 });
    const system = await job.system();
    expect(system).toContain("Command did not exit successfully sh -c 'exit 3' exit status 3");
    expect(system).toContain("Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: sh -c 'exit 3'. Reason: exit status 3");
    expect(system).toContain('Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED');
  });

  it('ends the build after a failed INSTALL: nothing else runs, nothing is uploaded', async () => {
    const job = kit.job();
    const result = await job.run(`
version: 0.2
phases:
  install:
    commands: [echo installing, 'false']
  build:
    commands: [echo building]
  post_build:
    commands: [echo post]
artifacts:
  files: ['**/*']
`);
    expect(result).toMatchObject({ status: 'FAILED', message: expect.stringContaining("Phase INSTALL failed: command 'false' exited with status 1") as unknown });
    expect(await job.output()).toEqual(['installing']);
    expect(await job.system()).not.toContain('Entering phase UPLOAD_ARTIFACTS');
  });

  it('follows on-failure: CONTINUE goes on (the build still fails), ABORT stops at once', async () => {
    const continued = kit.job();
    const first = await continued.run(`
version: 0.2
phases:
  install:
    on-failure: CONTINUE
    commands: ['false']
  build:
    commands: ['echo built ok=$CODEBUILD_BUILD_SUCCEEDING']
`);
    expect(first.status).toBe('FAILED');
    expect(await continued.output()).toEqual(['built ok=0']);

    const aborted = kit.job();
    const second = await aborted.run(`
version: 0.2
phases:
  build:
    on-failure: ABORT
    commands: ['false']
  post_build:
    commands: [echo post]
`);
    expect(second.status).toBe('FAILED');
    expect(await aborted.output()).toEqual([]);
  });

  it('collects artifacts with base-directory, exclude-paths, discard-paths and secondary artifacts by output name', async () => {
    const job = kit.job({ Source: {} });
    const result = await job.run(
      `
version: 0.2
phases:
  build:
    commands:
      - mkdir -p dist/js dist/css docs && echo a > dist/js/app.js && echo b > dist/css/app.css && echo m > dist/js/app.js.map
      - echo readme > docs/README.md && echo guide > docs/guide.md
      - ln -s js/app.js dist/latest.js
artifacts:
  files: ['**/*']
  base-directory: dist
  exclude-paths: ['**/*.map']
  enable-symlinks: yes
  name: site-$CODEBUILD_BUILD_NUMBER
  secondary-artifacts:
    Docs:
      files: ['docs/*.md']
      discard-paths: yes
`,
      { plan: { outputs: ['Site', 'Docs'] } },
    );
    expect(result.status).toBe('SUCCEEDED');
    if (result.status !== 'SUCCEEDED') return;
    expect(files(result.outputs.Site!)).toEqual(['css/app.css', 'js/app.js', 'latest.js']);
    expect(lstatSync(join(result.outputs.Site!, 'latest.js')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(result.outputs.Site!, 'latest.js'))).toBe('js/app.js');
    expect(files(result.outputs.Docs!)).toEqual(['README.md', 'guide.md']);
    expect(readFileSync(join(result.outputs.Docs!, 'guide.md'), 'utf8')).toBe('guide\n');
    expect(await job.system()).toContain('Artifact Site: name site-1');
  });

  it('fails the upload when an output artifact matches no file, or has no buildspec entry', async () => {
    const none = kit.job();
    const result = await none.run(`
version: 0.2
phases:
  build:
    commands: [echo hi]
artifacts:
  files: ['target/*.jar']
`, { plan: { outputs: ['Jar'] } });
    expect(result).toMatchObject({ status: 'FAILED', message: expect.stringContaining('no matching artifact paths found for output artifact Jar (files: target/*.jar)') as unknown });

    const missing = kit.job();
    const second = await missing.run(`
version: 0.2
phases:
  build:
    commands: [echo hi]
`, { plan: { outputs: ['Out'] } });
    expect(second).toMatchObject({ status: 'FAILED', message: expect.stringContaining('the buildspec has no artifacts section') as unknown });
  });

  it('reads parameter-store and secrets-manager values, masks them in the log and never exports them', async () => {
    await kit.store.putParameter({ name: '/app/db/host', value: 'db.internal.example', type: 'String', overwrite: false, now: 1 });
    await kit.store.createSecret({ name: 'prod/db', secretString: '{"password":"pa55-w0rd-xyz"}', versionId: 'v1', now: 1 });
    await kit.store.createSecret({ name: 'token', secretString: 'tok-123456', versionId: 't1', now: 1 });
    const job = kit.job();
    const result = await job.run(
      `
version: 0.2
env:
  parameter-store:
    DB_HOST: /app/db/host
  secrets-manager:
    DB_PASSWORD: prod/db:password
  exported-variables: [DB_PASSWORD, AWS_REGION, NOT_SET]
phases:
  build:
    commands:
      - echo "host=$DB_HOST password=$DB_PASSWORD token=$TOKEN plain=$PLAIN"
`,
      {
        plan: {
          variables: [
            { name: 'TOKEN', value: 'token', type: 'SECRETS_MANAGER', origin: 'action configuration' },
            { name: 'PLAIN', value: 'visible', type: 'PLAINTEXT', origin: 'action configuration' },
          ],
        },
      },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', exportedVariables: {} });
    expect(await job.output()).toEqual(['host=*** password=*** token=*** plain=visible']);
    const system = await job.system();
    expect(system).toContain('Not exporting DB_PASSWORD: its value comes from the parameter or secrets store');
    expect(system).toContain('Not exporting AWS_REGION: names starting with AWS_ cannot be exported');
    expect(system).toContain('Not exporting NOT_SET: it is not set at the end of the build');
  });

  it('gives the action’s variables precedence over the project’s, and those over the buildspec’s', async () => {
    const job = kit.job();
    const result = await job.run(
      `
version: 0.2
env:
  variables: { A: buildspec, B: buildspec, C: buildspec, CODEBUILD_X: nope }
phases:
  build:
    commands: ['echo "$A $B $C \${CODEBUILD_X:-unset}"']
`,
      {
        plan: {
          variables: [
            { name: 'B', value: 'project', type: 'PLAINTEXT', origin: 'project' },
            { name: 'C', value: 'project', type: 'PLAINTEXT', origin: 'project' },
            { name: 'C', value: 'action', type: 'PLAINTEXT', origin: 'action' },
          ],
        },
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(await job.output()).toEqual(['buildspec project action unset']);
  });

  it('fails with ConfigurationError when a referenced parameter or secret does not exist', async () => {
    const job = kit.job();
    const result = await job.run(`
version: 0.2
env:
  parameter-store:
    X: /missing/parameter
phases:
  build:
    commands: [echo hi]
`);
    expect(result).toMatchObject({
      status: 'FAILED',
      failureType: 'ConfigurationError',
      message: "Environment variable X (buildspec env.parameter-store) refers to parameter '/missing/parameter', which does not exist",
    });
  });

  it('stops on the worker’s signal, kills every process of the build and says why it ended', async () => {
    const job = kit.job();
    const controller = new AbortController();
    // Found by what it runs: in the sandbox its pid is another inside the build's namespace.
    const sleep = uniqueSleep();
    const running = job.run(
      `
version: 0.2
phases:
  install:
    commands:
      - sleep ${sleep} > /dev/null 2>&1 &
  build:
    commands:
      - echo started; sleep 600
    finally:
      - echo never
`,
      { context: { signal: controller.signal } },
    );
    await expect.poll(() => job.output(), { timeout: 10_000 }).toContain('started');
    // The background sleep's shell may not have exec'd it yet (its command line is still the shell's).
    await expect.poll(() => hostProcessesWith(sleep), { timeout: 10_000 }).toHaveLength(1);
    controller.abort('timed-out');
    const result = await running;
    expect(result).toMatchObject({
      status: 'TIMED_OUT',
      message: "Build timed out (the action ran out of time) in phase BUILD, running 'echo started; sleep 600'",
    });
    const groups = readFileSync(join(job.workspace, 'build', 'process-groups'), 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0]));
    expect(groups.length).toBeGreaterThanOrEqual(1);
    for (const pgid of groups) expect(groupHasLiveMembers(pgid)).toBe(false);
    expect(hostProcessesWith(sleep)).toEqual([]);
    expect(await job.output()).not.toContain('never');
    expect(await job.system()).toContain('Phase complete: BUILD State: STOPPED');

    const abandoned = kit.job();
    const stopped = new AbortController();
    stopped.abort('abandoned');
    expect(await abandoned.run('version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n', { context: { signal: stopped.signal } })).toMatchObject({
      status: 'STOPPED',
      message: 'Build stopped (the action was stopped and abandoned) in phase INSTALL',
    });
  });

  it('times out by the project’s timeout, as TIMED_OUT', async () => {
    const job = kit.job();
    const running = job.run('version: 0.2\nphases:\n  build:\n    commands: [sleep 600]\n', { plan: { timeoutInMinutes: 5 } });
    // Once the build runs its command, the five minutes pass (the clock moved ahead, not waited for).
    await expect.poll(async () => (await job.lines()).map((line) => line.text), { timeout: 20_000 }).toContain('Running command sleep 600');
    kit.clock.advance(5 * 60_000);
    expect(await running).toMatchObject({
      status: 'TIMED_OUT',
      message: "Build timed out (the project's timeout of 5 minutes passed) in phase BUILD, running 'sleep 600'",
    });
  });

  it('keeps the cache paths of a successful build for the next build of the project', async () => {
    const buildspec = `
version: 0.2
phases:
  build:
    commands:
      - if [ -f deps/lib.txt ]; then echo "cached $(cat deps/lib.txt)"; else mkdir -p deps && echo v1 > deps/lib.txt && echo fresh; fi
cache:
  paths: ['deps/**/*', '/nonexistent-pipewright-cache/**/*']
`;
    const first = kit.job({ Source: { 'deps/lib.txt': 'from source' } });
    // The source's own file wins over nothing cached yet.
    expect((await first.run(buildspec)).status).toBe('SUCCEEDED');
    expect(await first.output()).toEqual(['cached from source']);

    const second = kit.job({ Source: {} });
    expect((await second.run(buildspec)).status).toBe('SUCCEEDED');
    expect(await second.output()).toEqual(['cached from source']);
    expect(second.srcDir).not.toBe(first.srcDir);
  });

  it('numbers builds of a project uniquely, also when they start together', async () => {
    const jobs = Array.from({ length: 4 }, () => kit.job());
    const results = await Promise.all(jobs.map((job) => job.run('version: 0.2\nphases:\n  build:\n    commands: [echo $CODEBUILD_BUILD_NUMBER]\n')));
    expect(results.map((result) => result.buildNumber).sort()).toEqual([1, 2, 3, 4]);
  });

  it('refuses exported variables larger than CodePipeline allows', async () => {
    const job = kit.job();
    const result = await job.run(`
version: 0.2
env:
  exported-variables: [BIG]
phases:
  build:
    commands: ['export BIG=$(head -c 130000 /dev/zero | tr "\\\\0" x)']
`);
    expect(result).toMatchObject({ status: 'FAILED', message: expect.stringContaining('more than the 122880 bytes') as unknown });
  });
});

const junit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="suite" tests="3">
    <testcase classname="app.Math" name="adds" time="0.012"/>
    <testcase classname="app.Math" name="divides" time="0.5"><failure message="expected 2">stack</failure></testcase>
    <testcase classname="app.Math" name="later"><skipped/></testcase>
  </testsuite>
</testsuites>`;
