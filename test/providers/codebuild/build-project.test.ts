import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCodeBuildConfiguration } from '../../../src/providers/codebuild/action-configuration.js';
import { loadBuildProject } from '../../../src/providers/codebuild/project/build-project.js';
import { loadBuildspec } from '../../../src/providers/codebuild/project/load-buildspec.js';

let dataDir: string;
let srcDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pw-projects-'));
  srcDir = join(dataDir, 'src');
  mkdirSync(join(dataDir, 'projects'));
  mkdirSync(join(srcDir, 'ci'), { recursive: true });
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function message(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('build projects', () => {
  it('defaults to buildspec.yml at the root of the primary source', async () => {
    writeFileSync(join(srcDir, 'buildspec.yml'), 'version: 0.2\nphases:\n  build:\n    commands: [make]\n');
    const project = await loadBuildProject(dataDir, 'app');
    expect(project).toEqual({ name: 'app', buildspec: { kind: 'path', path: 'buildspec.yml' }, environmentVariables: [] });
    expect((await loadBuildspec(project, { name: 'Source', dir: srcDir })).phases.BUILD.commands).toEqual(['make']);
    expect(await message(loadBuildspec(project, { name: 'Source', dir: join(srcDir, 'ci') }))).toBe(
      'YAML_FILE_ERROR: the buildspec buildspec.yml does not exist in the primary source Source (no build project is declared, so CodeBuild’s default is used)',
    );
  });

  it('reads a YAML project with a buildspec path, variables and a timeout', async () => {
    writeFileSync(
      join(dataDir, 'projects', 'app.yml'),
      'description: the app\nbuildspec: ci/build.yml\nenvironmentVariables:\n  - { name: STAGE, value: prod }\n  - { name: DB, value: /db/url, type: PARAMETER_STORE }\ntimeoutInMinutes: 30\n',
    );
    writeFileSync(join(srcDir, 'ci', 'build.yml'), 'version: 0.2\nphases:\n  build:\n    commands: [make ci]\n');
    const project = await loadBuildProject(dataDir, 'app');
    expect(project).toMatchObject({
      buildspec: { kind: 'path', path: 'ci/build.yml' },
      timeoutInMinutes: 30,
      environmentVariables: [
        { name: 'STAGE', value: 'prod', type: 'PLAINTEXT', origin: 'project app environmentVariables' },
        { name: 'DB', value: '/db/url', type: 'PARAMETER_STORE', origin: 'project app environmentVariables' },
      ],
    });
    expect((await loadBuildspec(project, { name: 'Source', dir: srcDir })).phases.BUILD.commands).toEqual(['make ci']);
  });

  it('takes a buildspec written in the project, as a mapping or as text, in YAML or JSON', async () => {
    writeFileSync(join(dataDir, 'projects', 'mapped.yaml'), 'buildspec:\n  version: 0.2\n  phases:\n    build:\n      commands: [echo mapped]\n');
    writeFileSync(join(dataDir, 'projects', 'text.yml'), 'buildspec: |\n  version: 0.2\n  phases:\n    build:\n      commands: [echo text]\n');
    writeFileSync(join(dataDir, 'projects', 'json.json'), JSON.stringify({ buildspec: { version: 0.2, phases: { build: { commands: ['echo json'] } } }, timeoutInMinutes: 5 }));
    for (const [name, command] of [['mapped', 'echo mapped'], ['text', 'echo text'], ['json', 'echo json']] as const) {
      const project = await loadBuildProject(dataDir, name);
      expect((await loadBuildspec(project, { name: 'Source', dir: srcDir })).phases.BUILD.commands).toEqual([command]);
    }
  });

  it('says where a project file is wrong', async () => {
    writeFileSync(join(dataDir, 'projects', 'bad.yml'), 'buildspec:\n  version: 0.2\n  phases:\n    build:\n      commands: x\n');
    expect(await message(loadBuildProject(dataDir, 'bad'))).toContain('bad.yml line 5, column 17: phases.build.commands must be a list');
    writeFileSync(join(dataDir, 'projects', 'slow.yml'), 'timeoutInMinutes: 3000\n');
    expect(await message(loadBuildProject(dataDir, 'slow'))).toContain('slow.yml line 1, column 19: timeoutInMinutes must be a whole number of minutes from 5 to 2160');
    writeFileSync(join(dataDir, 'projects', 'extra.yml'), 'image: aws/codebuild/standard:7.0\n');
    expect(await message(loadBuildProject(dataDir, 'extra'))).toContain('extra.yml line 1, column 1: image is not a buildspec key here');
    expect(await message(loadBuildProject(dataDir, '../etc'))).toContain("ProjectName '../etc' is not a valid project name");
  });
});

describe('readCodeBuildConfiguration', () => {
  it('reads ProjectName, PrimarySource and EnvironmentVariables as CodePipeline passes them', () => {
    expect(
      readCodeBuildConfiguration(
        { ProjectName: 'app', PrimarySource: 'Tests', EnvironmentVariables: '[{"name":"A","value":"1"},{"name":"S","value":"db:pw","type":"SECRETS_MANAGER"}]' },
        ['Source', 'Tests'],
      ),
    ).toEqual({
      projectName: 'app',
      primarySource: 'Tests',
      environmentVariables: [
        { name: 'A', value: '1', type: 'PLAINTEXT', origin: 'EnvironmentVariables' },
        { name: 'S', value: 'db:pw', type: 'SECRETS_MANAGER', origin: 'EnvironmentVariables' },
      ],
      batchEnabled: false,
      combineArtifacts: false,
    });
    expect(readCodeBuildConfiguration({ ProjectName: 'app', BatchEnabled: 'true', CombineArtifacts: 'true' }, ['Source'])).toMatchObject({ batchEnabled: true, combineArtifacts: true });
    expect(readCodeBuildConfiguration({ ProjectName: 'app', BatchEnabled: 'false' }, ['Source']).primarySource).toBe('Source');
  });

  it.each([
    [{}, ['Source'], 'ProjectName is required'],
    [{ ProjectName: 'app', CombineArtifacts: 'true' }, ['Source'], 'CombineArtifacts combines the artifacts of a batch build: it needs BatchEnabled set to true'],
    [{ ProjectName: 'app' }, ['A', 'B'], 'PrimarySource is required with more than one input artifact: name one of A, B'],
    [{ ProjectName: 'app', PrimarySource: 'C' }, ['A', 'B'], "PrimarySource 'C' is not an input artifact of the action (inputs: A, B)"],
    [{ ProjectName: 'app', EnvironmentVariables: '{' }, ['A'], 'EnvironmentVariables is not valid JSON'],
    [{ ProjectName: 'app', EnvironmentVariables: '[{"name":"A","value":"1","type":"VAULT"}]' }, ['A'], 'EnvironmentVariables[0].type must be one of PLAINTEXT, PARAMETER_STORE, SECRETS_MANAGER'],
  ] as const)('refuses %j', (configuration, inputs, expected) => {
    expect(() => readCodeBuildConfiguration(configuration as Record<string, string>, inputs)).toThrow(expected);
  });
});
