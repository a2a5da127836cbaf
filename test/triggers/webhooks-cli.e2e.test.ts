import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../git/git-kit.js';
import { sourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { pollEvery } from './kit/executions.js';

const run = promisify(execFile);
const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

/** The real AWS CLI and boto3 on the webhook operations, whose paging keys are capitalised. */
describe('webhooks through the AWS CLI and boto3', { timeout: 180_000 }, () => {
  let server: TestServer;
  const workDir = tempDir('webhooks-cli');
  const env: NodeJS.ProcessEnv = {
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
  beforeAll(async () => {
    server = await startTestServer({ env: pollEvery(3600) });
    await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild('cli-hooked') }));
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
    removeDir(workDir);
  });

  const webhook = (name: string) => ({
    name,
    targetPipeline: 'cli-hooked',
    targetAction: 'Checkout',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{BranchName}' }],
    authentication: 'GITHUB_HMAC',
    authenticationConfiguration: { SecretToken: 'cli-secret' },
  });

  it.skipIf(!hasCli)('puts webhooks and lists them page by page with the CLI', async () => {
    const aws = async (...args: string[]) => (await run('aws', ['codepipeline', ...args, '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 60_000 })).stdout;
    for (const name of ['cli-a', 'cli-b', 'cli-c']) {
      const path = join(workDir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ webhook: webhook(name) }));
      const put = JSON.parse(await aws('put-webhook', '--cli-input-json', `file://${path}`)) as { webhook: { url: string; definition: { authenticationConfiguration: unknown } } };
      expect(put.webhook.url).toMatch(/\/webhooks\/[0-9a-f]{32}$/);
      expect(put.webhook.definition.authenticationConfiguration).toEqual({ SecretToken: '****' });
    }
    // --page-size 1 makes the CLI send MaxResults and follow NextToken by itself.
    const all = JSON.parse(await aws('list-webhooks', '--page-size', '1')) as { webhooks: { definition: { name: string } }[] };
    expect(all.webhooks.map((item) => item.definition.name)).toEqual(['cli-a', 'cli-b', 'cli-c']);
    const first = JSON.parse(await aws('list-webhooks', '--max-items', '1')) as { webhooks: unknown[]; NextToken?: string };
    expect(first.webhooks).toHaveLength(1);
    const rest = JSON.parse(await aws('list-webhooks', '--starting-token', first.NextToken!)) as { webhooks: unknown[] };
    expect(rest.webhooks).toHaveLength(2);
  });

  it.skipIf(!hasBoto3)('pages list_webhooks with the boto3 paginator and catches WebhookNotFoundException', async () => {
    const script = join(workDir, 'hooks.py');
    writeFileSync(
      script,
      `
import json, os
import boto3

client = boto3.client('codepipeline', endpoint_url=os.environ['PIPEWRIGHT_URL'])
for name in ['py-a', 'py-b', 'py-c']:
    client.put_webhook(webhook={**json.loads(os.environ['WEBHOOK']), 'name': name})
names, pages = [], 0
for page in client.get_paginator('list_webhooks').paginate(PaginationConfig={'PageSize': 2}):
    pages += 1
    names += [item['definition']['name'] for item in page['webhooks'] if item['definition']['name'].startswith('py-')]
out = {'names': names, 'pages': pages}
client.register_webhook_with_third_party(webhookName='py-a')
try:
    client.deregister_webhook_with_third_party(webhookName='py-none')
except client.exceptions.WebhookNotFoundException as error:
    out['not_found'] = error.response['Error']['Code']
client.delete_webhook(name='py-b')
out['after_delete'] = [item['definition']['name'] for item in client.list_webhooks()['webhooks'] if item['definition']['name'].startswith('py-')]
print(json.dumps(out))
`,
    );
    const { stdout } = await run('python3', [script], { env: { ...env, PIPEWRIGHT_URL: server.url, WEBHOOK: JSON.stringify(webhook('template')) }, timeout: 60_000 });
    const result = JSON.parse(stdout) as { pages: number };
    expect(result).toEqual({ names: ['py-a', 'py-b', 'py-c'], pages: expect.any(Number) as number, not_found: 'WebhookNotFoundException', after_delete: ['py-a', 'py-c'] });
    expect(result.pages).toBeGreaterThanOrEqual(2);
  });
});
