import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandsProvider } from '../../../src/providers/commands/commands-provider.js';
import { ProviderKit } from '../codebuild/provider-kit.js';

const commands = { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' } as const;
const location = { bucket: 'pipewright-artifacts', key: 'release/out/abc' };

let kit: ProviderKit;
const provider = new CommandsProvider({ killGraceMs: 500 });
beforeEach(async () => {
  kit = await ProviderKit.open();
});
afterEach(async () => {
  await kit.dispose();
});

describe('CommandsProvider', () => {
  it('runs the action’s commands on its inputs and stores its output artifact and variables', async () => {
    await kit.store.createSecret({ name: 'deploy/key', secretString: 'k3y-value-123', versionId: 'v1', now: 1 });
    const job = kit.job(
      {
        typeId: commands,
        commands: ['npm_version=$(cat package.version)', 'mkdir -p build && echo "v$npm_version" > build/version.txt', 'cat $CODEBUILD_SRC_DIR_Config/settings > build/settings', 'export IMAGE_TAG=v$npm_version-$STAGE', 'echo "key $KEY"'],
        outputVariables: ['IMAGE_TAG'],
        environmentVariables: [
          { name: 'STAGE', value: 'beta' },
          { name: 'KEY', value: 'deploy/key', type: 'SECRETS_MANAGER' },
        ],
      },
      {
        inputArtifacts: [
          { name: 'Source', ref: await kit.artifact('Source', { 'package.version': '3.1.4' }), revision: 'abc' },
          { name: 'Config', ref: await kit.artifact('Config', { settings: 'debug=false' }) },
        ],
        outputArtifacts: [{ name: 'Built', files: ['build/**/*'], location }],
      },
    );
    const tools = kit.tools(job);
    const outcome = await provider.run(job, tools, new AbortController().signal);
    await tools.log.close();
    expect(outcome).toMatchObject({ status: 'Succeeded', outputVariables: { IMAGE_TAG: 'v3.1.4-beta' } });
    if (outcome.status !== 'Succeeded') return;
    expect(await kit.files(outcome.outputArtifacts!.Built!)).toEqual({ 'build/version.txt': 'v3.1.4\n', 'build/settings': 'debug=false' });
    expect(await kit.output(job)).toEqual(['key ***']);
  });

  it('fails with the command and its exit code, or with ConfigurationError for an output without files', async () => {
    const source = await kit.artifact('Source', { a: 'a' });
    const failing = kit.job({ typeId: commands, commands: ['test -f a', 'test -f b', 'echo never'] }, { inputArtifacts: [{ name: 'Source', ref: source }], outputArtifacts: [] });
    const tools = kit.tools(failing);
    const outcome = await provider.run(failing, tools, new AbortController().signal);
    await tools.log.close();
    expect(outcome).toMatchObject({ status: 'Failed', failureType: 'JobFailed', message: expect.stringContaining("Phase BUILD failed: command 'test -f b' exited with status 1") as unknown });

    const noFiles = kit.job({ typeId: commands, commands: ['ls'] }, { inputArtifacts: [{ name: 'Source', ref: source }], outputArtifacts: [{ name: 'Out', location }] });
    const noFilesTools = kit.tools(noFiles);
    expect(await provider.run(noFiles, noFilesTools, new AbortController().signal)).toEqual({
      status: 'Failed',
      failureType: 'ConfigurationError',
      message: 'Output artifact Out needs files: the paths of the files it is made of',
    });
    await noFilesTools.log.close();
  });
});
