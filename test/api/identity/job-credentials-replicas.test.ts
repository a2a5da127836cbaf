import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchema } from '../../../src/store/test-kit/store-dialects.js';
import { actionLog, actionRuns, latestExecutionId } from '../../actions/kit/executions.js';
import { startHttpListener, type HttpListener } from '../../actions/kit/http-listener.js';
import { startTestS3, type TestS3 } from '../../artifacts/kit/s3-server.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/**
 * A job's role credentials on two replicas of one PostgreSQL database (iam mode, one secrets key):
 * replica A takes no jobs, so the Commands action runs on B's worker and B issues its credentials; the
 * build then fetches them from A's credentials URL and signs with them at A, which knows them only from
 * the store. Once the job has ended, A refuses the URL too.
 */
describe.skipIf(url === undefined || url === '')('job credentials across replicas', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  const storeLocation = { kind: 'postgres' as const, url: url!, schema };
  const accountId = '123456789012';
  let a: TestServer;
  let b: TestServer;
  let s3: TestS3;
  let listener: HttpListener;

  beforeAll(async () => {
    s3 = await startTestS3(['artifacts']);
    listener = await startHttpListener();
    const secretsKeyFile = join(mkdtempSync(join(tmpdir(), 'pipewright-replica-keys-')), 'secrets.key');
    const configure = (config: TestServer['config']) => {
      config.s3 = s3.settings;
      config.auth = 'iam';
      config.secretsKeyFile = secretsKeyFile;
    };
    a = await startTestServer({ storeLocation, env: { PIPEWRIGHT_WORKER_CONCURRENCY: '0' }, configure });
    b = await startTestServer({ storeLocation, configure });
    const root = a.rootCredentials!;
    const iam = new IAMClient({ endpoint: a.url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'replicated', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'replicated', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    iam.destroy();
    for (const server of [a, b]) await hostedRepository(server.dataDir, 'app', { 'README.md': 'replicas\n' });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
    await listener?.close();
    await dropTestSchema(url!, schema);
  });

  it("answers a job's credentials URL and accepts its keys on the replica that did not issue them, until the job ends", async () => {
    const client = new CodePipelineClient({ endpoint: a.url, region: 'us-east-1', credentials: a.rootCredentials!, maxAttempts: 1 });
    const [origin, other] = [new URL(b.url).origin, new URL(a.url).origin];
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'replicated',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            {
              name: 'Work',
              actions: [
                {
                  name: 'OnOther',
                  actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
                  inputArtifacts: [{ name: 'Src' }],
                  commands: [
                    // The URL B gave, on A instead; then a call signed with those credentials, at A.
                    `export AWS_CONTAINER_CREDENTIALS_FULL_URI="$(echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI" | sed 's#^${origin}#${other}#')"`,
                    'echo "credentials from ${AWS_CONTAINER_CREDENTIALS_FULL_URI%%/credentials/*}"',
                    `curl -sf -o /dev/null -w 'credentials answered %{http_code}\\n' -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"`,
                    `aws sts get-caller-identity --endpoint-url ${other} --query Arn --output text`,
                    // What a build could leak: the URL and its token, tried again once the job has ended.
                    `curl -sf -X POST --data "$AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN" ${listener.url}/copied`,
                  ],
                },
              ],
            },
          ],
          { roleArn: `arn:aws:iam::${accountId}:role/replicated` },
        ),
      }),
    );
    const executionId = await latestExecutionId(client, 'replicated');
    const execution = await waitForExecution(client, 'replicated', executionId, { timeoutMs: 120_000 });
    const run = (await actionRuns(client, 'replicated', executionId)).get('OnOther');
    const log = (await actionLog(b.dataDir, run?.actionExecutionId ?? '')).join('\n');
    expect(execution.status, log).toBe('Succeeded');
    expect(log).toContain(`credentials from ${other}`);
    expect(log).toContain('credentials answered 200');
    expect(log).toMatch(new RegExp(`arn:aws:sts::${accountId}:assumed-role/replicated/Pipewright-`));
    const [copiedUri = '', token = ''] = (await listener.request('/copied')).body.split(' ');
    expect(copiedUri.startsWith(`${other}/credentials/`)).toBe(true);
    const again = await fetch(copiedUri, { headers: { Authorization: token } });
    expect(again.status).toBe(403);
    client.destroy();
  }, 180_000);
});
