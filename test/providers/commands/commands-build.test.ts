import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionJob } from '../../../src/core/contracts/action-provider.js';
import { executeBuild } from '../../../src/providers/codebuild/execute-build.js';
import { commandsBuildspec, commandsProjectName, commandsVariables } from '../../../src/providers/commands/commands-buildspec.js';
import { BuildKit } from '../codebuild/build-kit.js';

let kit: BuildKit;
beforeEach(async () => {
  kit = await BuildKit.open();
});
afterEach(async () => {
  await kit.dispose();
});

function commandsJob(action: Partial<ActionJob['action']>, outputs: ActionJob['outputArtifacts'] = []): ActionJob {
  return {
    jobId: 'j1',
    pipeline: { name: 'my.pipeline', arn: 'arn:aws:codepipeline:eu-west-1:123456789012:my.pipeline', version: 1, executionId: 'e1' },
    stageName: 'Build',
    action: {
      name: 'Run',
      actionExecutionId: 'a1',
      typeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      configuration: {},
      region: 'eu-west-1',
      ...action,
    },
    inputArtifacts: [],
    outputArtifacts: outputs,
    deadline: Date.now() + 3_600_000,
  };
}

describe('the Commands action as a one-phase build', () => {
  it('runs its commands under bash in the first input, exports its output variables and makes its output of the files', async () => {
    await kit.store.createSecret({ name: 'ci/token', secretString: 'tok-abcdef', versionId: 'v1', now: 1 });
    const job = kit.job({ Source: { 'input.txt': 'data' }, Extra: { 'extra.txt': 'more' } });
    const action = commandsJob(
      {
        commands: ['mkdir -p out && cp input.txt out/', 'declare -A map=([k]=v); echo "bash ${map[k]} $(cat $CODEBUILD_SRC_DIR_Extra/extra.txt)"', 'export RESULT=done-$STAGE', 'echo "token $TOKEN"'],
        outputVariables: ['RESULT'],
        environmentVariables: [
          { name: 'STAGE', value: 'beta' },
          { name: 'TOKEN', value: 'ci/token', type: 'SECRETS_MANAGER' },
        ],
      },
      [{ name: 'Out', files: ['out/**/*'], location: { bucket: 'b', key: 'k' } }],
    );
    const result = await executeBuild(
      {
        projectName: commandsProjectName(action),
        buildspec: commandsBuildspec(action),
        sources: job.sources,
        outputs: ['Out'],
        variables: commandsVariables(action),
      },
      job.context(),
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', exportedVariables: { RESULT: 'done-beta' } });
    expect(result.buildId).toMatch(/^commands-my-pipeline-Build-Run:/);
    if (result.status !== 'SUCCEEDED') return;
    expect(readdirSync(join(result.outputs.Out!, 'out'))).toEqual(['input.txt']);
    expect(readFileSync(join(result.outputs.Out!, 'out', 'input.txt'), 'utf8')).toBe('data');
    expect(await job.output()).toEqual(['bash v more', 'token ***']);
  });

  it('fails with the command and its exit code', async () => {
    const job = kit.job();
    const action = commandsJob({ commands: ['echo first', 'exit 9', 'echo never'] });
    const result = await executeBuild(
      { projectName: commandsProjectName(action), buildspec: commandsBuildspec(action), sources: job.sources, outputs: [], variables: [] },
      job.context(),
    );
    expect(result).toMatchObject({ status: 'FAILED', failureType: 'JobFailed', message: expect.stringContaining("Phase BUILD failed: command 'exit 9' exited with status 9") as unknown });
    expect(await job.output()).toEqual(['first']);
  });

  it('refuses an action without commands, or an output without files', () => {
    expect(() => commandsBuildspec(commandsJob({ commands: [] }))).toThrow('A Commands action needs commands (1 to 50)');
    expect(() => commandsBuildspec(commandsJob({ commands: ['ls'] }, [{ name: 'Out', location: { bucket: 'b', key: 'k' } }]))).toThrow(
      'Output artifact Out needs files: the paths of the files it is made of',
    );
  });
});
