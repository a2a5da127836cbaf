import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const run = promisify(execFile);
const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * What the README shows: `aws ssm put-parameter --endpoint-url …` and `aws secretsmanager create-secret`
 * with the real AWS CLI, then a CodeCommit → CodeBuild pipeline whose buildspec reads both, the values
 * masked in its log. Skipped where the AWS CLI is not installed.
 */
describe.skipIf(!hasCli)('parameters and secrets put with the AWS CLI, read by a build', { timeout: 180_000 }, () => {
  let server: TestServer;
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startTestServer();
    workDir = mkdtempSync(join(tmpdir(), 'pipewright-ssm-cli-'));
    env = {
      PATH: process.env.PATH,
      HOME: workDir,
      AWS_ACCESS_KEY_ID: 'AKIDPIPEWRIGHTCLI',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_DEFAULT_REGION: server.config.partition.region,
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

  async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('aws', [...args, '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  it('puts with the CLI, refuses in AWS words, and a build reads both stores masked', async () => {
    const put = await aws('ssm', 'put-parameter', '--name', '/cli/db-host', '--value', 'db.cli.internal', '--type', 'SecureString');
    expect(put.code, put.stderr).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ Version: 1, Tier: 'Standard' });
    const again = await aws('ssm', 'put-parameter', '--name', '/cli/db-host', '--value', 'x', '--type', 'String');
    expect(again.stderr).toContain(
      'An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
    const secret = await aws('secretsmanager', 'create-secret', '--name', 'cli/token', '--secret-string', '{"token":"tok-cli-4471"}');
    expect(secret.code, secret.stderr).toBe(0);
    const missing = await aws('secretsmanager', 'get-secret-value', '--secret-id', 'cli/nothing');
    expect(missing.stderr).toContain("An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.");

    const buildspec = [
      'version: 0.2',
      'env:',
      '  parameter-store:',
      '    DB_HOST: /cli/db-host',
      '  secrets-manager:',
      '    TOKEN: cli/token:token',
      'phases:',
      '  build:',
      '    commands:',
      '      - echo "host=$DB_HOST token=$TOKEN"',
      '      - test "$DB_HOST" = db.cli.internal && test "$TOKEN" = tok-cli-4471',
      '',
    ].join('\n');
    await hostedRepository(server.dataDir, 'cli-secrets', { 'buildspec.yml': buildspec });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('cli-secrets', [{ name: 'Source', actions: [codeCommitSource('cli-secrets')] }, { name: 'Build', actions: [codeBuild('Read')] }]) }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'cli-secrets' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const done = await waitForExecution(server.client, 'cli-secrets', executionId, { timeoutMs: 60_000 });
    expect(done.status, done.statusSummary).toBe('Succeeded');
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'cli-secrets', filter: { pipelineExecutionId: executionId } }));
    const buildRun = actionExecutionDetails!.find((detail) => detail.actionName === 'Read')!.actionExecutionId!;
    const log = ((await (await fetch(`${server.url}/api/logs/${buildRun}?limit=5000`)).json()) as { lines: { text: string }[] }).lines.map((line) => line.text).join('\n');
    expect(log).toContain('host=*** token=***');
    expect(log).not.toContain('tok-cli-4471');
    expect(log).not.toContain('db.cli.internal');
  });
});
