import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../../src/core/contracts/action-provider.js';
import { CodeBuildProvider } from '../../../src/providers/codebuild/codebuild-provider.js';
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

/** Every build writes its identifier and MY_VAR; the artifact is that file. */
const phases = `phases:
  build:
    commands:
      - echo "$CODEBUILD_BATCH_BUILD_IDENTIFIER \${MY_VAR:-none}" > out.txt
artifacts:
  files: [out.txt]
`;

async function runBatch(buildspec: string, configuration: Record<string, string>, outputs: string[]): Promise<{ outcome: ActionOutcome; log: string[] }> {
  const source = await kit.artifact('Src', { 'buildspec.yml': buildspec });
  const job = kit.job({ typeId: build, configuration: { ProjectName: 'batch', BatchEnabled: 'true', ...configuration } }, {
    inputArtifacts: [{ name: 'Src', ref: source }],
    outputArtifacts: outputs.map((name) => ({ name, location: { ...location, key: `${location.key}/${name}` } })),
  });
  const tools = kit.tools(job);
  const outcome = await provider.run(job, tools, new AbortController().signal);
  await tools.log.close();
  return { outcome, log: (await kit.lines(job)).map((line) => line.text) };
}

/**
 * Batch builds with the `batch` sections of CodeBuild's "Batch build buildspec reference" examples
 * (awsdocs/aws-codebuild-user-guide, doc_source/batch-build-buildspec.md), and CodePipeline's
 * BatchEnabled and CombineArtifacts (the CodeBuild action reference).
 */
describe('batch builds', () => {
  it('build-graph: each build waits for the one it depends on; CombineArtifacts gives a folder per build', async () => {
    const { outcome, log } = await runBatch(
      `version: 0.2
batch:
  build-graph:
    - identifier: linux_small
      env:
        compute-type: BUILD_GENERAL1_SMALL
    - identifier: linux_medium
      env:
        compute-type: BUILD_GENERAL1_MEDIUM
      depend-on:
        - linux_small
    - identifier: linux_large
      env:
        compute-type: BUILD_GENERAL1_LARGE
      depend-on:
        - linux_medium
${phases}`,
      { CombineArtifacts: 'true' },
      ['Combined'],
    );
    expect(outcome).toMatchObject({ status: 'Succeeded', summary: 'Batch of 3 builds succeeded' });
    if (outcome.status !== 'Succeeded') return;
    expect(await kit.files(outcome.outputArtifacts!.Combined!)).toEqual({
      'linux_small/out.txt': 'linux_small none\n',
      'linux_medium/out.txt': 'linux_medium none\n',
      'linux_large/out.txt': 'linux_large none\n',
    });
    const order = (text: string) => log.indexOf(text);
    expect(order('Batch build linux_small SUCCEEDED')).toBeGreaterThan(-1);
    expect(order('Batch build linux_medium started')).toBeGreaterThan(order('Batch build linux_small SUCCEEDED'));
    expect(order('Batch build linux_large started')).toBeGreaterThan(order('Batch build linux_medium SUCCEEDED'));
    expect(log).toContain('[linux_small] Note: batch.build-graph[0].env.compute-type is ignored: batch builds run on this host');
  });

  it('build-matrix: every combination of the dynamic values, named build1…; output artifacts by build identifier', async () => {
    const { outcome, log } = await runBatch(
      `version: 0.2
batch:
  build-matrix:
    static:
      ignore-failure: false
      env:
        type: LINUX_CONTAINER
        privileged-mode: true
    dynamic:
      env:
        image:
          - aws/codebuild/amazonlinux2-x86_64-standard:3.0
          - aws/codebuild/windows-base:2.0
        variables:
          MY_VAR:
            - VALUE1
            - VALUE2
            - VALUE3
${phases}`,
      {},
      ['build1', 'build3'],
    );
    expect(outcome).toMatchObject({ status: 'Succeeded', summary: 'Batch of 3 builds succeeded' });
    if (outcome.status !== 'Succeeded') return;
    expect(await kit.files(outcome.outputArtifacts!.build1!)).toEqual({ 'out.txt': 'build1 VALUE1\n' });
    expect(await kit.files(outcome.outputArtifacts!.build3!)).toEqual({ 'out.txt': 'build3 VALUE3\n' });
    expect(log.some((line) => line.includes('env.image is ignored: batch builds run on this host'))).toBe(true);
  });

  it('a failing build fails the batch, its dependents are skipped; ignore-failure lets a batch succeed', async () => {
    const failing = await runBatch(
      `version: 0.2
batch:
  build-graph:
    - identifier: first
      env:
        variables: { MY_VAR: fail }
    - identifier: second
      depend-on: [first]
phases:
  build:
    commands:
      - test "$MY_VAR" != fail
`,
      {},
      [],
    );
    expect(failing.outcome).toMatchObject({ status: 'Failed', failureType: 'JobFailed' });
    if (failing.outcome.status === 'Failed') expect(failing.outcome.message).toMatch(/^Batch build failed: 2 of 2 builds did not succeed; first Phase BUILD failed: command 'test "\$MY_VAR" != fail' exited with status 1/);
    expect(failing.log).toContain('Batch build second skipped: its dependency first did not succeed');

    const ignored = await runBatch(
      `version: 0.2
batch:
  fast-fail: false
  build-list:
    - identifier: flaky
      ignore-failure: true
      env:
        variables: { MY_VAR: fail }
    - identifier: solid
phases:
  build:
    commands:
      - test "$MY_VAR" != fail
`,
      {},
      [],
    );
    expect(ignored.outcome).toMatchObject({ status: 'Succeeded', summary: 'Batch of 2 builds succeeded (failures ignored: flaky)' });
  });

  it('refuses output artifacts that name no build when the artifacts are not combined', async () => {
    const { outcome } = await runBatch(`version: 0.2\nbatch:\n  build-list:\n    - identifier: only\n${phases}`, {}, ['Elsewhere']);
    expect(outcome).toEqual({
      status: 'Failed',
      failureType: 'ConfigurationError',
      message: 'Output artifact Elsewhere names no build of the batch (builds: only); without CombineArtifacts each output artifact is the build of its name',
    });
  });
});
