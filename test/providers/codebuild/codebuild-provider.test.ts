import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../../src/core/contracts/action-provider.js';
import { CodeBuildProvider } from '../../../src/providers/codebuild/codebuild-provider.js';
import { groupHasLiveMembers } from '../../../src/providers/shared/process-identity.js';
import { ProviderKit } from './provider-kit.js';

const build = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } as const;
const location = { bucket: 'pipewright-artifacts', key: 'release/out/abc' };

let kit: ProviderKit;
const provider = new CodeBuildProvider({ killGraceMs: 500 });
beforeEach(async () => {
  kit = await ProviderKit.open();
});
afterEach(async () => {
  await kit.dispose();
});

function succeeded(outcome: ActionOutcome): Extract<ActionOutcome, { status: 'Succeeded' }> {
  if (outcome.status !== 'Succeeded') throw new Error(`The build failed: ${outcome.message}`);
  return outcome;
}

describe('CodeBuildProvider', () => {
  it('builds the input artifact with its buildspec.yml and stores the output artifact, variables and reports', async () => {
    const source = await kit.artifact('SourceOutput', {
      'buildspec.yml': `version: 0.2
env:
  exported-variables: [VERSION]
phases:
  build:
    commands:
      - mkdir -p dist && cp app.txt dist/app.txt && echo built >> dist/app.txt
      - echo changed > app.txt
      - export VERSION=$(cat version)
      - printf '<testsuite><testcase name="t1"/><testcase name="t2"><failure/></testcase></testsuite>' > junit.xml
reports:
  unit:
    files: [junit.xml]
artifacts:
  files: ['**/*']
  base-directory: dist
`,
      'app.txt': 'app\n',
      version: '2.0.1',
    });
    const job = kit.job({ typeId: build, configuration: { ProjectName: 'app' } }, {
      inputArtifacts: [{ name: 'SourceOutput', ref: source, revision: 'c0ffee' }],
      outputArtifacts: [{ name: 'BuildOutput', location }],
    });
    const tools = kit.tools(job);
    const outcome = succeeded(await provider.run(job, tools, new AbortController().signal));
    await tools.log.close();

    expect(outcome.outputVariables).toEqual({ VERSION: '2.0.1' });
    expect(outcome.externalExecutionId).toMatch(/^app:/);
    expect(outcome.summary).toBe('Build #1 succeeded; tests: 1 passed, 1 failed, 0 errors, 0 skipped');
    expect(outcome.reports?.[0]).toMatchObject({ reportGroup: 'unit', totals: { total: 2, passed: 1, failed: 1 } });
    const output = outcome.outputArtifacts?.BuildOutput;
    expect(output).toBeDefined();
    expect(await kit.files(output!)).toEqual({ 'app.txt': 'app\nbuilt\n' });
    // The build changed its checkout, never the stored input.
    expect((await kit.files(source))['app.txt']).toBe('app\n');
    expect(kit.progress.map((update) => update.summary)).toContain('Phase BUILD');
    // The checkouts are released: nothing is left of the sources in the workspace.
    expect(existsSync(join(tools.workspace, 'sources', 'SourceOutput'))).toBe(false);
  });

  it('runs in the PrimarySource with the other inputs beside it, and fills two outputs from secondary artifacts', async () => {
    kit.project('multi.yml', `buildspec: |
  version: 0.2
  phases:
    build:
      commands:
        - mkdir -p out/a out/b
        - cp $CODEBUILD_SRC_DIR_Lib/lib.txt out/a/ && cp main.txt out/b/
        - echo "token=$TOKEN stage=$STAGE"
  artifacts:
    files: ['**/*']
    secondary-artifacts:
      LibOut:
        files: ['out/a/*']
        discard-paths: yes
      MainOut:
        files: ['out/b/*']
        discard-paths: yes
environmentVariables:
  - { name: STAGE, value: project }
  - { name: TOKEN, value: 'ci/token:token', type: SECRETS_MANAGER }
`);
    await kit.store.createSecret({ name: 'ci/token', secretString: '{"token":"t-0ken-value"}', versionId: 'v1', now: 1 });
    const job = kit.job(
      { typeId: build, configuration: { ProjectName: 'multi', PrimarySource: 'Main', EnvironmentVariables: '[{"name":"STAGE","value":"action"}]' } },
      {
        inputArtifacts: [
          { name: 'Lib', ref: await kit.artifact('Lib', { 'lib.txt': 'lib' }) },
          { name: 'Main', ref: await kit.artifact('Main', { 'main.txt': 'main' }) },
        ],
        outputArtifacts: [
          { name: 'MainOut', location },
          { name: 'LibOut', location },
        ],
      },
    );
    const tools = kit.tools(job);
    const outcome = succeeded(await provider.run(job, tools, new AbortController().signal));
    await tools.log.close();
    expect(await kit.files(outcome.outputArtifacts!.MainOut!)).toEqual({ 'main.txt': 'main' });
    expect(await kit.files(outcome.outputArtifacts!.LibOut!)).toEqual({ 'lib.txt': 'lib' });
    expect(await kit.output(job)).toEqual(['token=*** stage=action']);
  });

  it('fails with the phase, the command and its exit code, and still returns the test reports', async () => {
    const source = await kit.artifact('Src', {
      'buildspec.yml': `version: 0.2
phases:
  build:
    commands:
      - printf '<testsuite><testcase name="broken"><failure message="no"/></testcase></testsuite>' > junit.xml
      - exit 4
reports:
  unit:
    files: [junit.xml]
`,
    });
    const job = kit.job({ typeId: build, configuration: { ProjectName: 'app' } }, { inputArtifacts: [{ name: 'Src', ref: source }], outputArtifacts: [] });
    const tools = kit.tools(job);
    const outcome = await provider.run(job, tools, new AbortController().signal);
    await tools.log.close();
    expect(outcome).toMatchObject({ status: 'Failed', failureType: 'JobFailed', reports: [{ reportGroup: 'unit', totals: { failed: 1 } }] });
    expect(outcome.status === 'Failed' && outcome.message).toMatch(/^Phase BUILD failed: command 'exit 4' exited with status 4 \(build app:/);
  });

  it('fails with ConfigurationError for what the user wrote wrong, saying what and where', async () => {
    const cases: Array<[Record<string, string>, Record<string, string>, string]> = [
      [{ ProjectName: 'app', BatchEnabled: 'true' }, { 'buildspec.yml': 'version: 0.2\nphases: {}\n' }, 'BatchEnabled is true, but the buildspec has no batch section'],
      [{ ProjectName: 'app' }, { 'other.yml': '' }, 'YAML_FILE_ERROR: the buildspec buildspec.yml does not exist in the primary source Src (no build project is declared, so CodeBuild’s default is used)'],
      [{ ProjectName: 'app' }, { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b\n' }, "buildspec.yml line 5, column 9: phases.build.commands[0] must be a string (a ': ' inside a plain value makes YAML read a mapping: quote the value)"],
    ];
    for (const [configuration, files, message] of cases) {
      const job = kit.job({ typeId: build, configuration }, { inputArtifacts: [{ name: 'Src', ref: await kit.artifact('Src', files) }], outputArtifacts: [] });
      const tools = kit.tools(job);
      expect(await provider.run(job, tools, new AbortController().signal)).toEqual({ status: 'Failed', failureType: 'ConfigurationError', message });
      await tools.log.close();
      expect((await kit.lines(job)).map((line) => line.text)).toContain(`Build FAILED: ${message}`);
    }
  });

  it('stops when the worker aborts: kills the build, releases the checkouts, says why in the log', async () => {
    const source = await kit.artifact('Src', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 600 & echo started; wait\n' });
    const job = kit.job({ typeId: build, configuration: { ProjectName: 'app' } }, { inputArtifacts: [{ name: 'Src', ref: source }], outputArtifacts: [{ name: 'Out', location }] });
    const tools = kit.tools(job);
    const controller = new AbortController();
    const running = provider.run(job, tools, controller.signal);
    await expect.poll(() => kit.output(job), { timeout: 15_000 }).toContain('started');
    controller.abort('shutdown');
    const outcome = await running;
    await tools.log.close();
    expect(outcome).toMatchObject({ status: 'Failed', message: "Build stopped (the worker is shutting down) in phase BUILD, running 'sleep 600 & echo started; wait'" });
    const record = join(tools.workspace, 'build', 'process-groups');
    for (const line of (await import('node:fs')).readFileSync(record, 'utf8').trim().split('\n')) expect(groupHasLiveMembers(Number(line.split(' ')[0]))).toBe(false);
    expect(readdirSync(join(tools.workspace, 'sources'))).toEqual([]);
    expect((await kit.lines(job)).map((line) => line.text)).toContain("Build STOPPED: Build stopped (the worker is shutting down) in phase BUILD, running 'sleep 600 & echo started; wait'");
  });
});
