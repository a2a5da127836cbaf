import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestReport } from '../../../src/core/contracts/test-report.js';
import { runtimeVersionLines } from '../../../src/providers/codebuild/environment/runtime-versions.js';
import { BuildKit } from './build-kit.js';

let kit: BuildKit;
beforeEach(async () => {
  kit = await BuildKit.open();
});
afterEach(async () => {
  await kit.dispose();
});

const fixtures = join(import.meta.dirname, 'fixtures', 'real-buildspecs');

describe('buildspec semantics as CodeBuild runs them', () => {
  it('version 0.1 runs every command in a shell of its own, with environment_variables.plaintext', async () => {
    // CodeBuild's "Shells and commands in build environments": "In buildspec version 0.1, CodeBuild runs
    // each Shell command in a separate instance of the default shell ... you cannot run a single command
    // that relies on the state of any previous commands (such as changing directories or setting
    // environment variables)". 0.2 renamed environment_variables to env and plaintext to variables.
    const job = kit.job({ Source: { 'sub/marker': 'x' } });
    const result = await job.run(`
version: 0.1
environment_variables:
  plaintext:
    GREETING: hello
phases:
  build:
    commands:
      - cd sub && pwd
      - pwd
      - export LEFT=behind
      - echo "left=[$LEFT] greeting=$GREETING"
`);
    expect(result.status).toBe('SUCCEEDED');
    expect(await job.output()).toEqual([join(job.srcDir, 'sub'), job.srcDir, 'left=[] greeting=hello']);
    // The log names the commands as written, not as wrapped.
    expect(await job.system()).toContain('Running command cd sub && pwd');
  });

  it('warns about keys CodeBuild does not know, as CodeBuild does, and runs the build', async () => {
    // A real CodeBuild log (aws/aws-toolkit-vscode#4008): "Found possible syntax errors in buildspec:
    // In the section BUILD The following keys cannot be identified: env" — a non-fatal warning.
    const job = kit.job();
    const result = await job.run(`
version: 0.2
phases:
  build:
    env:
      variables: { X: y }
    commands:
      - echo built
shiny-new-key: true
`);
    expect(result.status).toBe('SUCCEEDED');
    expect(await job.output()).toEqual(['built']);
    const system = await job.system();
    const start = system.indexOf('Found possible syntax errors in buildspec:');
    expect(system.slice(start, start + 7)).toEqual([
      'Found possible syntax errors in buildspec:',
      'In the section ROOT',
      '\tThe following keys cannot be identified:',
      '\t\tshiny-new-key',
      'In the section BUILD',
      '\tThe following keys cannot be identified:',
      '\t\tenv',
    ]);
  });

  it('runs AWS’s multi-source sample: CodeBuild variables expanded in secondary artifacts’ base-directory', async () => {
    const buildspec = readFileSync(join(fixtures, 'aws-multi-input-output', 'buildspec.yml'), 'utf8');
    const job = kit.job({ source1: { 'a.txt': 'a' }, source2: { 'b.txt': 'b' } });
    const result = await job.run(buildspec, { plan: { outputs: ['artifact1', 'artifact2'] } });
    expect(result.status, JSON.stringify(await job.system())).toBe('SUCCEEDED');
    if (result.status !== 'SUCCEEDED') return;
    expect(readdirSync(result.outputs.artifact1!)).toEqual(['source1_file']);
    expect(readdirSync(result.outputs.artifact2!)).toEqual(['source2_file']);
  });

  it('expands variables in report paths', async () => {
    const job = kit.job();
    const junit = '<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>';
    const result = await job.run(`
version: 0.2
env:
  variables:
    REPORT_DIR: out/reports
phases:
  build:
    commands:
      - mkdir -p $REPORT_DIR && printf '%s' '${junit}' > $REPORT_DIR/unit-$CODEBUILD_BUILD_NUMBER.xml
reports:
  unit:
    base-directory: \${REPORT_DIR}
    files: ['unit-$CODEBUILD_BUILD_NUMBER.xml']
`);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.reports.map((report) => [report.reportGroup, (report as TestReport).totals.total])).toEqual([['unit', 1]]);
  });

  it('caches an absolute path outside the source directory and puts it back only where nothing is', async () => {
    const outside = join(kit.root, 'host-home', '.m2');
    const buildspec = `
version: 0.2
phases:
  build:
    commands:
      - if [ -f ${outside}/repo/lib.jar ]; then echo "cached $(cat ${outside}/repo/lib.jar)"; else mkdir -p ${outside}/repo && echo v1 > ${outside}/repo/lib.jar && echo fresh; fi
cache:
  paths: ['${outside}/**/*']
`;
    const first = kit.job();
    expect((await first.run(buildspec)).status).toBe('SUCCEEDED');
    expect(await first.output()).toEqual(['fresh']);
    rmSync(outside, { recursive: true });

    const second = kit.job();
    expect((await second.run(buildspec)).status).toBe('SUCCEEDED');
    expect(await second.output()).toEqual(['cached v1']);
    expect(await second.system()).toContain('Restored the build cache, with its paths outside the source directory');

    // A file that is there is never overwritten by a restore.
    writeFileSync(join(outside, 'repo', 'lib.jar'), 'mine\n');
    const third = kit.job();
    expect((await third.run(buildspec)).status).toBe('SUCCEEDED');
    expect(await third.output()).toEqual(['cached mine']);
  });

  it('looks up the run-as user and says who runs the commands', async () => {
    const me = userInfo();
    const job = kit.job();
    expect((await job.run(`version: 0.2\nrun-as: ${me.username}\nphases:\n  build:\n    commands: [whoami]\n`)).status).toBe('SUCCEEDED');
    expect(await job.system()).toContain(`Running as ${me.username} (uid ${me.uid}), the server's own user`);

    const missing = kit.job();
    const refused = await missing.run('version: 0.2\nrun-as: no-such-user-here\nphases:\n  build:\n    commands: [whoami]\n');
    expect(refused).toMatchObject({ status: 'FAILED', failureType: 'ConfigurationError', message: 'run-as: there is no user no-such-user-here on this host' });

    const split = kit.job();
    const differing = await split.run(`version: 0.2\nphases:\n  install:\n    run-as: ${me.username}\n    commands: [id]\n  build:\n    commands: [id]\n`);
    expect(differing).toMatchObject({ status: 'FAILED', failureType: 'ConfigurationError' });
    if (differing.status === 'FAILED') expect(differing.message).toContain('the phases run as different users');
  });

  it('runs another existing user’s run-as as the server’s user until the launcher can switch, and says so', async () => {
    const other = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('nobody:')) : undefined;
    if (other === undefined || userInfo().username === 'nobody') return;
    const job = kit.job();
    expect((await job.run('version: 0.2\nrun-as: nobody\nphases:\n  build:\n    commands: [whoami]\n')).status).toBe('SUCCEEDED');
    expect((await job.system()).join('\n')).toMatch(/run-as nobody \(uid \d+\): this server's process launcher cannot switch users yet; the commands run as /);
  });

  it('says which runtime runs when runtime-versions asks for one the host does not have', async () => {
    const major = process.versions.node.split('.')[0]!;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    expect(await runtimeVersionLines({ nodejs: major, erlang: '26' }, env)).toEqual([
      `Runtime nodejs ${major} requested: this host runs Node.js ${process.versions.node}`,
      'Runtime erlang 26 requested: Pipewright does not know how to find erlang on this host; the build uses whatever its commands find',
    ]);
    expect(await runtimeVersionLines({ nodejs: '10' }, env)).toEqual([`Runtime nodejs 10 requested: not on this host; Node.js ${process.versions.node} runs instead`]);
    expect(await runtimeVersionLines({ golang: '1.13' }, { PATH: '/nonexistent' })).toEqual(['Runtime golang 1.13 requested: there is no Go (go) on this host']);
  });
});
