import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fixturePath } from '../templates/kit/template-fixtures.js';
import { runCli } from './cli-kit.js';

/**
 * `pipewright run` as a user runs it: the built CLI as a child process, in a real git working copy of
 * a public sample (aws-samples/aws-codebuild-samples, with its own buildspecs and its pipeline
 * template), with an uncommitted change, on a server of its own. Each run is timed from the command
 * to its result and the time printed (the machine is shared: no assertion on it).
 */
describe('pipewright run', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-run-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Sam Ple', '-c', 'user.email=sample@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
  const sampleWorkingCopy = (name: string): string => {
    const directory = join(scratch, name);
    cpSync(fixturePath('aws-codebuild-samples'), directory, { recursive: true });
    git(directory, 'init', '--quiet', '--initial-branch=master');
    git(directory, 'add', '--all');
    git(directory, 'commit', '--quiet', '--message', 'The sample as published');
    return directory;
  };
  // The CLI's environment without AWS credentials, so actions calling AWS are known to be unavailable.
  const env = { AWS_ACCESS_KEY_ID: undefined, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-credentials'), AWS_ENDPOINT_URL: undefined, NO_COLOR: '1' };

  it('runs the sample’s own pipeline template on its working copy, uncommitted change included; AWS actions are reported first, then skipped visibly', async () => {
    const workingCopy = sampleWorkingCopy('calculator');
    const head = git(workingCopy, 'rev-parse', 'HEAD');
    // An uncommitted test, as someone in the middle of their work has: the run must see it.
    writeFileSync(
      join(workingCopy, 'test', 'uncommitted_spec.js'),
      "const assert = require('assert');\ndescribe('Work in progress', () => { it('runs the uncommitted test UNCOMMITTED-MARKER', () => assert.ok(true)); });\n",
    );
    const template = join(workingCopy, 'cloudformation', 'continuous-deployment.yml');

    const refused = await runCli(['run', '-f', template, '--stack-name', 'calculator'], { env, cwd: workingCopy });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The pipeline cannot run as asked; nothing was started:');
    expect(refused.stderr).toContain('Shared_Resources/GenerateChangeSet (AWS/Deploy/CloudFormation/1) calls an AWS service, and no AWS credentials or endpoint are configured: run the rest with --skip Shared_Resources/GenerateChangeSet.');
    expect(refused.stderr).toContain('Test_Stack/Deploy (AWS/Deploy/CodeDeploy/1)');

    const began = Date.now();
    const result = await runCli(['run', '-f', template, '--stack-name', 'calculator', '--skip', 'Shared_Resources', '--skip', 'Test_Stack', '--skip', 'Prod_Stack', '--keep'], {
      env,
      cwd: workingCopy,
    });
    const seconds = (Date.now() - began) / 1000;
    process.stdout.write(`pipewright run (aws-codebuild-samples, npm install + mocha, 8 skipped actions): ${seconds.toFixed(1)} s from the command to its result\n`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Source\/ApplicationSource ← .*calculator \([0-9a-f]{7} \+ uncommitted changes\)/);
    expect(result.stdout).toContain('Build/Build | Running command npm test');
    expect(result.stdout).toContain('runs the uncommitted test UNCOMMITTED-MARKER');
    expect(result.stdout).toMatch(/Build\/Build \|\s+\d+ passing/);
    expect(result.stdout).toMatch(/Test_Stack\/Deploy Skipped Skipped by pipewright run --skip: AWS\/Deploy\/CodeDeploy\/1/);
    expect(result.stdout).toMatch(/Run of calculator Succeeded after .* \(skipped: Shared_Resources\/GenerateChangeSet, /);
    // The working copy is as it was: same HEAD, the change still uncommitted, nothing staged.
    expect(git(workingCopy, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(workingCopy, 'status', '--porcelain')).toBe('?? test/uncommitted_spec.js');
    // --keep: the data directory stays, to open in the console.
    const kept = /The run's data directory is kept: (\S+)/.exec(result.stdout)?.[1];
    expect(kept).toBeDefined();
    expect(existsSync(join(kept!, 'pipewright.db'))).toBe(true);
    expect(result.stdout).toContain(`pipewright server --data-dir ${kept!}`);
    rmSync(kept!, { recursive: true, force: true });
  }, 600_000);

  it('runs CodePipeline’s own YAML from a folder that is no git repository, answers the approval with --approve all, and exits 1 when the build fails', async () => {
    const folder = join(scratch, 'plain-folder');
    cpSync(fixturePath('aws-codebuild-samples'), folder, { recursive: true });
    // The sample's calculator, broken: its own tests must fail the build, and the run with it.
    writeFileSync(join(folder, 'calculator.js'), "exports.add = (a, b) => a - b;\nexports.subtract = (a, b) => a - b;\nexports.multiply = (a, b) => a * b;\n");
    const definition = join(scratch, 'pipeline.yaml');
    writeFileSync(
      definition,
      stringify({
        pipeline: {
          name: 'calculator-review',
          roleArn: 'arn:aws:iam::123456789012:role/pipeline',
          artifactStore: { type: 'S3', location: 'artifacts' },
          stages: [
            { name: 'Source', actions: [{ name: 'App', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }, configuration: { RepositoryName: 'calculator', BranchName: 'main' }, outputArtifacts: [{ name: 'Src' }] }] },
            { name: 'Review', actions: [{ name: 'LooksGood', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
            { name: 'Test', actions: [{ name: 'UnitTests', actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' }, configuration: { ProjectName: 'calculator' }, inputArtifacts: [{ name: 'Src' }] }] },
          ],
        },
      }),
    );
    const began = Date.now();
    const result = await runCli(['run', '-f', definition, '--source', `App=${folder}`, '--approve', 'all'], { env, cwd: scratch });
    process.stdout.write(`pipewright run (plain folder, approval, failing mocha build): ${((Date.now() - began) / 1000).toFixed(1)} s from the command to its result\n`);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Source/App ← ');
    expect(result.stdout).toContain('(a folder, not a git repository)');
    expect(result.stdout).toMatch(/Review\/LooksGood Succeeded/);
    expect(result.stdout).toMatch(/Test\/UnitTests \|.*failing/);
    expect(result.stdout).toMatch(/Run of calculator-review Failed after/);
    expect(existsSync(join(folder, '.git'))).toBe(false);
  }, 600_000);
});
