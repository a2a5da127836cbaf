import { createHmac } from 'node:crypto';
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  DeleteWebhookCommand,
  DeregisterWebhookWithThirdPartyCommand,
  InvalidWebhookAuthenticationParametersException,
  InvalidWebhookFilterPatternException,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
  PipelineNotFoundException,
  PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand,
  TagResourceCommand,
  WebhookNotFoundException,
  type WebhookDefinition,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { callWire } from '../kit/wire-shape.js';
import { githubPush } from './kit/payloads.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { byTrigger, executionsOf, pollEvery, waitForExecutions } from './kit/executions.js';

const buildspec = 'version: 0.2\nphases:\n  build:\n    commands:\n      - test -f app.txt\n';
const secret = 'It is a secret to everybody';

function definition(name: string, extra: Partial<WebhookDefinition> = {}): WebhookDefinition {
  return {
    name,
    targetPipeline: 'hooked',
    targetAction: 'Checkout',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{BranchName}' }],
    authentication: 'GITHUB_HMAC',
    authenticationConfiguration: { SecretToken: secret },
    ...extra,
  };
}

/** POSTs a GitHub push payload to a webhook URL, signed with `signWith` (unsigned when undefined). */
async function deliver(url: string, ref: string, signWith: string | undefined, delivery?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(githubPush({ repository: 'acme/app', ref, before: 'a'.repeat(40), after: 'b'.repeat(40) }));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': 'push' };
  if (signWith !== undefined) headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', signWith).update(body).digest('hex')}`;
  if (delivery !== undefined) headers['x-github-delivery'] = delivery;
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('webhooks (PutWebhook and the URLs it returns)', () => {
  let server: TestServer;
  let commit: string;
  beforeAll(async () => {
    server = await startTestServer({ env: pollEvery(3600) });
    ({ commit } = await hostedRepository(server.dataDir, 'hooked', { 'buildspec.yml': buildspec, 'app.txt': 'hello\n' }));
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('hooked', [{ name: 'Source', actions: [codeCommitSource('hooked')] }, { name: 'Build', actions: [codeBuild('Check')] }]) }),
    );
    const [first] = await waitForExecutions(server.client, 'hooked', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    await waitForExecution(server.client, 'hooked', first!.pipelineExecutionId!);
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('returns a URL served by Pipewright, redacts the secret, and keeps the URL when the webhook is put again', async () => {
    const put = await callWire(server.url, 'PutWebhook', { webhook: definition('github'), tags: [{ key: 'team', value: 'ci' }] });
    expect(put.status).toBe(200);
    const item = put.json.webhook as { url: string; arn: string; definition: WebhookDefinition; tags: unknown };
    expect(item.url).toMatch(new RegExp(`^${server.url}/webhooks/[0-9a-f]{32}$`));
    expect(item.arn).toBe('arn:aws:codepipeline:us-east-1:123456789012:webhook:github');
    expect(item.definition.authenticationConfiguration).toEqual({ SecretToken: '****' });
    expect(JSON.stringify(put.json)).not.toContain(secret);
    expect(item.tags).toEqual([{ key: 'team', value: 'ci' }]);

    // Put again with what ListWebhooks shows (the mask): same URL, same secret.
    const listed = await server.client.send(new ListWebhooksCommand({}));
    const shown = listed.webhooks?.find((webhook) => webhook.definition?.name === 'github');
    expect(shown?.url).toBe(item.url);
    const again = await server.client.send(new PutWebhookCommand({ webhook: { ...shown!.definition!, filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }] } }));
    expect(again.webhook?.url).toBe(item.url);
    // The masked secret put back kept the real one: calls signed with it still get through.
    expect((await deliver(item.url, 'refs/heads/main', secret, 'delivery-0')).body.outcome).toBe('started');

    // Deleted and created again: a different URL; the old one answers 404.
    await server.client.send(new DeleteWebhookCommand({ name: 'github' }));
    await server.client.send(new DeleteWebhookCommand({ name: 'github' }));
    const recreated = await server.client.send(new PutWebhookCommand({ webhook: definition('github') }));
    expect(recreated.webhook?.url).not.toBe(item.url);
    expect((await deliver(item.url, 'refs/heads/main', secret)).status).toBe(404);
    // Tags went with the deleted webhook.
    expect((await server.client.send(new ListTagsForResourceCommand({ resourceArn: item.arn }))).tags).toEqual([]);
  });

  it('starts the pipeline for a signed call that passes the filters, once per delivery; refuses bad signatures; says when filtered', async () => {
    const { webhook } = await server.client.send(new PutWebhookCommand({ webhook: definition('signed') }));
    const url = webhook!.url!;
    const before = (await executionsOf(server.client, 'hooked')).length;

    const unsigned = await deliver(url, 'refs/heads/main', undefined);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.message).toMatch(/not signed/);
    expect((await deliver(url, 'refs/heads/main', 'wrong secret')).status).toBe(401);
    const filtered = await deliver(url, 'refs/heads/develop', secret);
    expect(filtered).toEqual({
      status: 200,
      body: { outcome: 'filtered', message: 'Webhook signed started nothing: Filter 1 ($.ref) selects "refs/heads/develop"; it must equal "refs/heads/main".' },
    });
    expect((await executionsOf(server.client, 'hooked')).length).toBe(before);

    const started = await deliver(url, 'refs/heads/main', secret, 'delivery-1');
    expect(started.status).toBe(200);
    const [execution] = started.body.executions as { pipelineName: string; pipelineExecutionId: string }[];
    expect(execution?.pipelineName).toBe('hooked');
    // GitHub redelivers with the same delivery id: the same execution answers.
    const redelivered = await deliver(url, 'refs/heads/main', secret, 'delivery-1');
    expect((redelivered.body.executions as { pipelineExecutionId: string }[])[0]?.pipelineExecutionId).toBe(execution?.pipelineExecutionId);

    const done = await waitForExecution(server.client, 'hooked', execution!.pipelineExecutionId);
    expect(done.status, done.statusSummary).toBe('Succeeded');
    expect(done.trigger).toEqual({ triggerType: 'Webhook', triggerDetail: 'arn:aws:codepipeline:us-east-1:123456789012:webhook:signed' });
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(commit);
    expect(byTrigger(await executionsOf(server.client, 'hooked'), 'Webhook').filter((summary) => summary.pipelineExecutionId === execution?.pipelineExecutionId)).toHaveLength(1);
    const listed = await callWire(server.url, 'ListWebhooks', {});
    const item = (listed.json.webhooks as { definition: { name: string }; lastTriggered?: number }[]).find((webhook) => webhook.definition.name === 'signed');
    expect(item?.lastTriggered).toEqual(expect.any(Number));
  });

  it('checks the caller address for IP webhooks and lets UNAUTHENTICATED ones in', async () => {
    const local = await server.client.send(
      new PutWebhookCommand({ webhook: definition('local', { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '127.0.0.0/8' }, filters: [] }) }),
    );
    const remote = await server.client.send(
      new PutWebhookCommand({ webhook: definition('remote', { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '203.0.113.0/24' }, filters: [] }) }),
    );
    const open = await server.client.send(new PutWebhookCommand({ webhook: definition('open', { authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} }) }));
    const refused = await deliver(remote.webhook!.url!, 'refs/heads/main', undefined);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^Calls from .*127\.0\.0\.1 are not allowed/);
    for (const url of [local.webhook!.url!, open.webhook!.url!]) {
      const accepted = await deliver(url, 'refs/heads/main', undefined);
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect(accepted.body.outcome).toBe('started');
    }
  });

  it('validates definitions, pages ListWebhooks with its capitalised keys, tags by ARN, registers known webhooks only', async () => {
    await expect(
      server.client.send(new PutWebhookCommand({ webhook: definition('bad-auth', { authenticationConfiguration: {} }) })),
    ).rejects.toBeInstanceOf(InvalidWebhookAuthenticationParametersException);
    await expect(server.client.send(new PutWebhookCommand({ webhook: definition('bad-filter', { filters: [{ jsonPath: 'ref' }] }) }))).rejects.toBeInstanceOf(
      InvalidWebhookFilterPatternException,
    );
    await expect(server.client.send(new PutWebhookCommand({ webhook: definition('no-pipeline', { targetPipeline: 'nope' }) }))).rejects.toBeInstanceOf(
      PipelineNotFoundException,
    );

    const first = await callWire(server.url, 'ListWebhooks', { MaxResults: 1 });
    expect(first.json.webhooks).toHaveLength(1);
    expect(first.json.NextToken).toEqual(expect.any(String));
    const second = await callWire(server.url, 'ListWebhooks', { MaxResults: 100, NextToken: first.json.NextToken });
    const names = [...(first.json.webhooks as { definition: { name: string } }[]), ...(second.json.webhooks as { definition: { name: string } }[])].map(
      (webhook) => webhook.definition.name,
    );
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['github', 'local', 'open', 'remote', 'signed']));
    expect(second.json.NextToken).toBeUndefined();

    const arn = 'arn:aws:codepipeline:us-east-1:123456789012:webhook:open';
    await server.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'test' }] }));
    expect((await server.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'env', value: 'test' }]);

    await server.client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'open' }));
    await server.client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'open' }));
    await expect(server.client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'missing' }))).rejects.toBeInstanceOf(WebhookNotFoundException);
    await expect(server.client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'missing' }))).rejects.toBeInstanceOf(WebhookNotFoundException);
  });

  it('records the error of a call whose pipeline is gone, on the webhook', async () => {
    await hostedRepository(server.dataDir, 'doomed', { 'buildspec.yml': buildspec, 'app.txt': 'x' });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('doomed', [{ name: 'Source', actions: [codeCommitSource('doomed')] }, { name: 'Build', actions: [codeBuild('Check')] }]) }),
    );
    const { webhook } = await server.client.send(new PutWebhookCommand({ webhook: definition('orphan', { targetPipeline: 'doomed', filters: [] }) }));
    await server.client.send(new DeletePipelineCommand({ name: 'doomed' }));
    const call = await deliver(webhook!.url!, 'refs/heads/main', secret);
    expect(call.status).toBe(404);
    expect(call.body).toMatchObject({ outcome: 'failed', code: 'PipelineNotFoundException' });
    const listed = await callWire(server.url, 'ListWebhooks', {});
    const orphan = (listed.json.webhooks as { definition: { name: string }; errorCode?: string; errorMessage?: string }[]).find((item) => item.definition.name === 'orphan');
    expect(orphan?.errorCode).toBe('PipelineNotFoundException');
    expect(orphan?.errorMessage).toContain('doomed');
  });
});
