import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const run = promisify(execFile);

/** Whether a command runs at all on this machine (the AWS CLI and boto3 are optional here). */
function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

const hasCli = available('aws', ['--version']);
const hasBoto3 = available('python3', ['-c', 'import boto3']);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

// Each CLI call starts a Python interpreter (seconds on a busy machine): room for a handful per test.
describe('the real AWS CLI and boto3 against Pipewright', { timeout: 180_000 }, () => {
  let server: TestServer;
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startTestServer();
    workDir = mkdtempSync(join(tmpdir(), 'pipewright-cli-'));
    // Throwaway credentials and no user configuration: the tools talk to this server only.
    env = {
      PATH: process.env.PATH,
      HOME: workDir,
      AWS_ACCESS_KEY_ID: 'AKIDPIPEWRIGHTCLI',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(workDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'credentials'),
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
  });
  afterAll(async () => {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function aws(...args: string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run('aws', ['codepipeline', ...args, '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  function file(name: string, content: unknown): string {
    const path = join(workDir, name);
    writeFileSync(path, JSON.stringify(content, null, 2));
    return `file://${path}`;
  }

  describe.skipIf(!hasCli)(`aws codepipeline${hasCli ? '' : ' (skipped: the aws command is not installed)'}`, () => {
    it('creates from a JSON file, gets, updates and deletes a pipeline', async () => {
      const created = await aws('create-pipeline', '--cli-input-json', file('create.json', { pipeline: sourceAndBuild('cli-app'), tags: [{ key: 'team', value: 'cli' }] }));
      expect(created.stderr).toBe('');
      expect(JSON.parse(created.stdout)).toMatchObject({ pipeline: { name: 'cli-app', version: 1, pipelineType: 'V1' }, tags: [{ key: 'team', value: 'cli' }] });

      const got = JSON.parse((await aws('get-pipeline', '--name', 'cli-app')).stdout) as { pipeline: { stages: { name: string }[] }; metadata: { pipelineArn: string; created: number | string } };
      expect(got.metadata.pipelineArn).toBe('arn:aws:codepipeline:us-east-1:123456789012:cli-app');
      // The CLI read the epoch-seconds timestamp (v1 prints it as read, v2 as an ISO date).
      const createdAt = typeof got.metadata.created === 'number' ? got.metadata.created * 1000 : Date.parse(got.metadata.created);
      expect(Math.abs(createdAt - Date.now())).toBeLessThan(600_000);

      const renamed = { ...got.pipeline, stages: [got.pipeline.stages[0], { ...got.pipeline.stages[1], name: 'Compile' }] };
      const updated = JSON.parse((await aws('update-pipeline', '--pipeline', file('update.json', renamed))).stdout) as { pipeline: { version: number } };
      expect(updated.pipeline.version).toBe(2);
      const first = JSON.parse((await aws('get-pipeline', '--name', 'cli-app', '--pipeline-version', '1')).stdout) as { pipeline: { stages: { name: string }[] } };
      expect(first.pipeline.stages[1]?.name).toBe('Build');

      expect((await aws('delete-pipeline', '--name', 'cli-app')).code).toBe(0);
      const gone = await aws('get-pipeline', '--name', 'cli-app');
      expect(gone.code).not.toBe(0);
      // AWS's words (getmoto/moto's CodePipeline test asserts the same text): see core/errors/aws-messages.ts.
      expect(gone.stderr).toMatch(/An error occurred \(PipelineNotFoundException\) when calling the GetPipeline operation: Account '\d{12}' does not have a pipeline with name 'cli-app'/);
    });

    it('lists with paging: the CLI follows nextToken by itself, and stops at --max-items with a token to resume', async () => {
      for (const name of ['cli-list-a', 'cli-list-b', 'cli-list-c']) await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild(name) }));
      const all = JSON.parse((await aws('list-pipelines', '--page-size', '1')).stdout) as { pipelines: { name: string }[] };
      expect(all.pipelines.map((pipeline) => pipeline.name).filter((name) => name.startsWith('cli-list-'))).toEqual(['cli-list-a', 'cli-list-b', 'cli-list-c']);
      const firstPage = JSON.parse((await aws('list-pipelines', '--max-items', '1')).stdout) as { pipelines: unknown[]; NextToken?: string };
      expect(firstPage.pipelines).toHaveLength(1);
      expect(firstPage.NextToken).toEqual(expect.any(String));
      const rest = JSON.parse((await aws('list-pipelines', '--starting-token', firstPage.NextToken!)).stdout) as { pipelines: unknown[] };
      expect(rest.pipelines.length).toBe(all.pipelines.length - 1);
    });

    it('tags, lists tags and untags', async () => {
      const arn = 'arn:aws:codepipeline:us-east-1:123456789012:cli-list-a';
      expect((await aws('tag-resource', '--resource-arn', arn, '--tags', 'key=env,value=prod', 'key=team,value=web')).code).toBe(0);
      expect((await aws('untag-resource', '--resource-arn', arn, '--tag-keys', 'team')).code).toBe(0);
      expect(JSON.parse((await aws('list-tags-for-resource', '--resource-arn', arn)).stdout)).toEqual({ tags: [{ key: 'env', value: 'prod' }] });
    });

    it('shows a validation error as the CodePipeline exception', async () => {
      const base = sourceAndBuild('cli-bad');
      const refused = await aws('create-pipeline', '--pipeline', file('bad.json', { ...base, stages: [base.stages![0]] }));
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(
        'An error occurred (InvalidStructureException) when calling the CreatePipeline operation: Pipeline cli-bad has only 1 stage(s). There should be a minimum of 2 stages.',
      );
    });
  });

  describe.skipIf(!hasBoto3)(`boto3${hasBoto3 ? '' : ' (skipped: python3 cannot import boto3)'}`, () => {
    it('creates, reads, pages, tags, and catches a validation error as the modeled exception class', async () => {
      const script = join(workDir, 'client.py');
      writeFileSync(
        script,
        `
import json, os, sys
import boto3

client = boto3.client('codepipeline', endpoint_url=os.environ['PIPEWRIGHT_URL'])
declaration = json.loads(os.environ['DECLARATION'])
out = {}
for name in ['py-a', 'py-b', 'py-c']:
    client.create_pipeline(pipeline={**declaration, 'name': name}, tags=[{'key': 'lang', 'value': 'python'}])
out['version'] = client.get_pipeline(name='py-a')['pipeline']['version']
out['created_type'] = type(client.get_pipeline(name='py-a')['metadata']['created']).__name__
names = []
pages = 0
for page in client.get_paginator('list_pipelines').paginate(PaginationConfig={'PageSize': 2}):
    pages += 1
    names += [p['name'] for p in page['pipelines'] if p['name'].startswith('py-')]
out['names'] = names
out['pages'] = pages
arn = 'arn:aws:codepipeline:us-east-1:123456789012:py-b'
client.tag_resource(resourceArn=arn, tags=[{'key': 'tier', 'value': 'gold'}])
client.untag_resource(resourceArn=arn, tagKeys=['lang'])
out['tags'] = client.list_tags_for_resource(resourceArn=arn)['tags']
broken = {**declaration, 'name': 'py-bad'}
broken['stages'] = [declaration['stages'][0], {**declaration['stages'][1], 'actions': [{**declaration['stages'][1]['actions'][0], 'inputArtifacts': [{'name': 'Missing'}]}]}]
try:
    client.create_pipeline(pipeline=broken)
    out['error'] = None
except client.exceptions.InvalidActionDeclarationException as error:
    out['error'] = {'code': error.response['Error']['Code'], 'message': error.response['Error']['Message'], 'status': error.response['ResponseMetadata']['HTTPStatusCode']}
try:
    client.list_tags_for_resource(resourceArn='arn:aws:codepipeline:us-east-1:123456789012:py-none')
except client.exceptions.ResourceNotFoundException as error:
    out['not_found'] = error.response['Error']['Code']
print(json.dumps(out))
`,
      );
      const { stdout } = await run('python3', [script], { env: { ...env, PIPEWRIGHT_URL: server.url, DECLARATION: JSON.stringify(sourceAndBuild('template')) }, timeout: 60_000 });
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(result).toEqual({
        version: 1,
        created_type: 'datetime',
        names: ['py-a', 'py-b', 'py-c'],
        pages: expect.any(Number) as number,
        tags: [{ key: 'tier', value: 'gold' }],
        error: {
          code: 'InvalidActionDeclarationException',
          message: "Input artifact Missing of action 'Compile' in stage 'Build' is not declared as an output artifact of any action in the pipeline.",
          status: 400,
        },
        not_found: 'ResourceNotFoundException',
      });
      expect(result.pages).toBeGreaterThanOrEqual(2);
    });
  });
});
