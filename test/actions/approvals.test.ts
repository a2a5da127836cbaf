import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineStateCommand, PutApprovalResultCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from '../../src/artifacts/objects/filesystem-object-store.js';
import { commitFiles } from '../git/git-kit.js';
import { codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionLog, actionRuns, latestExecutionId } from './kit/executions.js';
import { startHttpListener, type HttpListener } from './kit/http-listener.js';

const releasesTopic = 'arn:aws:sns:us-east-1:123456789012:releases';
const chatTopic = 'arn:aws:sns:us-east-1:123456789012:chatops';
const flakyTopic = 'arn:aws:sns:us-east-1:123456789012:flaky';

function approval(name: string, configuration: Record<string, string>, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, configuration, ...extra };
}

async function tokenOf(server: TestServer, pipelineName: string, stageName: string, actionName: string): Promise<string> {
  const stages = await waitForState(
    server.client,
    pipelineName,
    (states) => stage(states, stageName).actionStates?.find((action) => action.actionName === actionName)?.latestExecution?.token !== undefined,
    `the approval ${actionName} to wait`,
  );
  return stage(stages, stageName).actionStates!.find((action) => action.actionName === actionName)!.latestExecution!.token!;
}

/**
 * Manual approvals with their notifications, end to end: a release gated by approvals answered over
 * the API, the notifications received by a real HTTP listener in AWS's message shape (and SNS's and
 * Slack's), a wrong token, a double answer, an expiry, and an S3 deploy checked byte for byte.
 */
describe('approval notifications', () => {
  let server: TestServer;
  let listener: HttpListener;
  let commit: string;
  const logo = randomBytes(70_000);

  beforeAll(async () => {
    server = await startTestServer();
    listener = await startHttpListener();
    writeFileSync(
      join(server.dataDir, 'notifications.json'),
      JSON.stringify({
        targets: {
          [releasesTopic]: { url: `${listener.url}/aws`, headers: { authorization: 'Bearer hook-secret' } },
          [chatTopic]: { url: `${listener.url}/slack/T000/B000/XXXX`, format: 'slack' },
          [flakyTopic]: { url: `${listener.url}/flaky`, format: 'sns' },
        },
      }),
    );
    const repository = await hostedRepository(server.dataDir, 'site', { 'index.html': '<h1>v1</h1>\n' });
    writeFileSync(join(repository.path, 'logo.png'), logo);
    commit = await commitFiles(repository.path, { 'css/site.css': 'h1 { color: teal }\n' }, 'a logo and a style');
  });

  afterAll(async () => {
    await server.close();
    await listener.close();
  });

  it('gates a release: notified with the resolved configuration, answered over the API, then deployed byte for byte', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('release', [
          { name: 'Source', actions: [codeCommitSource('site')] },
          {
            name: 'Approve',
            actions: [
              approval('Review', {
                NotificationArn: releasesTopic,
                CustomData: 'Release #{SourceVariables.CommitId} to production',
                ExternalEntityLink: 'https://git.example.com/site/commit/#{SourceVariables.CommitId}',
              }),
              approval('Chat', { NotificationArn: chatTopic, CustomData: 'Ship <it> & smile' }),
            ],
          },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Site',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { BucketName: 'www', Extract: 'true', ObjectKey: 'live', CacheControl: 'max-age=60', CannedACL: 'public-read' },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'release');
    const sent = await listener.request('/aws');
    const message = JSON.parse(sent.body) as { region: string; consoleLink: string; approval: Record<string, string> };
    const token = await tokenOf(server, 'release', 'Approve', 'Review');
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe('Bearer hook-secret');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(message).toEqual({
      region: 'us-east-1',
      consoleLink: `${server.url}/pipelines/release`,
      approval: {
        pipelineName: 'release',
        stageName: 'Approve',
        actionName: 'Review',
        token,
        expires: message.approval.expires,
        externalEntityLink: `https://git.example.com/site/commit/${commit}`,
        approvalReviewLink: `${server.url}/pipelines/release?stage=Approve&action=Review&token=${token}`,
        customData: `Release ${commit} to production`,
      },
    });
    expect(message.approval.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    // Seven days, AWS's default, to the minute.
    const expires = Date.parse(message.approval.expires!.replace('Z', ':00Z'));
    expect(Math.abs(expires - (server.clock.now() + 7 * 24 * 3_600_000))).toBeLessThan(5 * 60_000);

    const chat = JSON.parse((await listener.request('/slack/T000/B000/XXXX')).body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url: string }[] }[] };
    const chatToken = await tokenOf(server, 'release', 'Approve', 'Chat');
    const reviewLink = `${server.url}/pipelines/release?stage=Approve&action=Chat&token=${chatToken}`;
    expect(chat.text).toBe(`APPROVAL NEEDED: AWS CodePipeline release for action Chat: ${reviewLink}`);
    expect(chat.blocks[0]?.text?.text).toContain('> Ship &lt;it&gt; &amp; smile');
    expect(chat.blocks[1]?.elements?.[0]?.url).toBe(reviewLink);

    await expect(
      server.client.send(new PutApprovalResultCommand({ pipelineName: 'release', stageName: 'Approve', actionName: 'Review', token: chatToken, result: { status: 'Approved', summary: 'x' } })),
    ).rejects.toMatchObject({ name: 'InvalidApprovalTokenException' });
    const approved = await server.client.send(
      new PutApprovalResultCommand({ pipelineName: 'release', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Approved', summary: 'looks good' } }),
    );
    expect(approved.approvedAt).toBeInstanceOf(Date);
    await expect(
      server.client.send(new PutApprovalResultCommand({ pipelineName: 'release', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Rejected', summary: 'second thoughts' } })),
    ).rejects.toMatchObject({ name: 'ApprovalAlreadyCompletedException' });
    await server.client.send(
      new PutApprovalResultCommand({ pipelineName: 'release', stageName: 'Approve', actionName: 'Chat', token: chatToken, result: { status: 'Approved', summary: 'ok' } }),
    );

    const execution = await waitForExecution(server.client, 'release', executionId);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const live = join(server.dataDir, 'buckets', 'www', 'live');
    expect(readFileSync(join(live, 'logo.png')).equals(logo)).toBe(true);
    expect(readFileSync(join(live, 'index.html'), 'utf8')).toBe('<h1>v1</h1>\n');
    expect(readFileSync(join(live, 'css', 'site.css'), 'utf8')).toBe('h1 { color: teal }\n');
    const head = await new FilesystemObjectStore(join(server.dataDir, 'buckets')).headObject('www', 'live/logo.png');
    expect(head).toMatchObject({ size: logo.length, cacheControl: 'max-age=60', metadata: { 'x-amz-acl': 'public-read' } });

    const runs = await actionRuns(server.client, 'release', executionId);
    expect(runs.get('Review')?.output?.executionResult?.externalExecutionSummary).toBe('looks good');
    const log = await actionLog(server.dataDir, runs.get('Review')!.actionExecutionId!);
    expect(log).toContain(`system Notification to ${releasesTopic} (aws, ${new URL(listener.url).host}) delivered (HTTP 200, attempt 1).`);
    expect(log.join('\n')).not.toContain('hook-secret');
  });

  it('retries a failing target, sends SNS envelopes, and lets an unanswered approval expire', async () => {
    listener.answer('/flaky', 503);
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('expiring', [
          { name: 'Source', actions: [codeCommitSource('site')] },
          { name: 'Approve', actions: [approval('Review', { NotificationArn: flakyTopic }, { timeoutInMinutes: 5 })] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'expiring');
    const delivered = await listener.request('/flaky', 2);
    const first = await listener.request('/flaky', 1);
    // The retry sends the same approval again (a new SNS message id).
    expect((JSON.parse(first.body) as { Message: string }).Message).toBe((JSON.parse(delivered.body) as { Message: string }).Message);
    const envelope = JSON.parse(delivered.body) as { Type: string; TopicArn: string; Subject: string; Message: string };
    expect(delivered.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: flakyTopic, Subject: 'APPROVAL NEEDED: AWS CodePipeline expiring for action Review' });
    const token = await tokenOf(server, 'expiring', 'Approve', 'Review');
    expect((JSON.parse(envelope.Message) as { approval: { token: string; customData: null } }).approval).toMatchObject({ token, customData: null });

    await server.passTime(['expiring'], 6 * 60_000);
    const execution = await waitForExecution(server.client, 'expiring', executionId);
    expect(execution.status).toBe('Failed');
    const review = (await actionRuns(server.client, 'expiring', executionId)).get('Review');
    expect(review?.output?.executionResult?.errorDetails).toEqual({ code: 'TimeoutError', message: 'The approval request expired after 5 minutes without an answer.' });
    // AWS: InvalidApprovalTokenException, "the approval request already received a response or has expired".
    const late = server.client.send(new PutApprovalResultCommand({ pipelineName: 'expiring', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Approved', summary: 'too late' } }));
    await expect(late).rejects.toMatchObject({ name: 'InvalidApprovalTokenException' });
    await expect(late).rejects.toThrow(/expired without an answer/);

    const log = await actionLog(server.dataDir, review!.actionExecutionId!);
    expect(log).toContain(`system Notification to ${flakyTopic} (sns, ${new URL(listener.url).host}): attempt 1 answered HTTP 503.`);
    expect(log).toContain(`system Notification to ${flakyTopic} (sns, ${new URL(listener.url).host}) delivered (HTTP 200, attempt 2).`);
  });

  it('records an approval whose NotificationArn has no target, and waits all the same', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('untargeted', [
          { name: 'Source', actions: [codeCommitSource('site')] },
          { name: 'Approve', actions: [approval('Review', { NotificationArn: 'arn:aws:sns:us-east-1:123456789012:nobody' })] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'untargeted');
    const token = await tokenOf(server, 'untargeted', 'Approve', 'Review');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'untargeted' }));
    const actionExecutionId = stage(stageStates!, 'Approve').actionStates![0]!.latestExecution!.actionExecutionId!;
    await expect
      .poll(() => actionLog(server.dataDir, actionExecutionId), { timeout: 10_000 })
      .toContain('system Notification to arn:aws:sns:us-east-1:123456789012:nobody not sent: no target for it in notifications.json.');
    await server.client.send(new PutApprovalResultCommand({ pipelineName: 'untargeted', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Rejected', summary: 'not today' } }));
    const execution = await waitForExecution(server.client, 'untargeted', executionId);
    expect(execution.status).toBe('Failed');
  });
});
