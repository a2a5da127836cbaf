import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreatePipelineCommand, GetPipelineStateCommand, ListPipelinesCommand, PollForJobsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  RemoveUserFromGroupCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../../kit/declarations.js';
import { startIamTestServer, type Credentials, type IamTestServer } from './iam-test-server.js';

/**
 * IAM's API (query protocol) and STS on the server's endpoint, through the AWS SDK's IAM and STS
 * clients, and the policies it stores deciding CodePipeline calls. Refusals are worded as AWS's
 * AccessDeniedException: "User: arn:aws:iam::123456789012:user/x is not authorized to perform:
 * codepipeline:… on resource: arn:… because no identity-based policy allows the codepipeline:… action"
 * (IAM User Guide, "Troubleshoot access denied error messages").
 */
describe('IAM and STS on the same endpoint, and identity policies', () => {
  let server: IamTestServer;
  let account: string;
  const arnOf = (name: string): string => `arn:aws:codepipeline:us-east-1:${account}:${name}`;

  beforeAll(async () => {
    server = await startIamTestServer();
    account = server.config.partition.accountId;
    await server.codePipeline(server.root).send(new CreatePipelineCommand({ pipeline: sourceAndBuild('shop') }));
    await server.codePipeline(server.root).send(new CreatePipelineCommand({ pipeline: sourceAndBuild('billing') }));
  });
  afterAll(async () => {
    await server.close();
  });

  async function newUser(name: string): Promise<Credentials> {
    const iam = server.iam(server.root);
    const created = await iam.send(new CreateUserCommand({ UserName: name, Path: '/team/' }));
    expect(created.User).toMatchObject({ UserName: name, Path: '/team/', Arn: `arn:aws:iam::${account}:user/team/${name}` });
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    expect(key.AccessKey).toMatchObject({ UserName: name, Status: 'Active' });
    expect(key.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  }

  it('manages users and keys as IAM does, and tells a caller who it is', async () => {
    const alice = await newUser('alice');
    const iam = server.iam(server.root);
    await expect(iam.send(new CreateUserCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', message: 'User with name alice already exists.' });
    expect((await iam.send(new ListUsersCommand({}))).Users?.map((user) => user.UserName)).toEqual(['alice']);
    expect((await iam.send(new ListUsersCommand({ PathPrefix: '/other/' }))).Users).toEqual([]);
    expect((await iam.send(new GetUserCommand({ UserName: 'alice' }))).User?.Arn).toBe(`arn:aws:iam::${account}:user/team/alice`);
    await expect(iam.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'The user with name nobody cannot be found.' });
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata?.map((key) => key.AccessKeyId)).toEqual([alice.accessKeyId]);

    const me = await server.sts(alice).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: `arn:aws:iam::${account}:user/team/alice`, Account: account });
    expect((await server.sts(server.root).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${account}:root`);
  });

  it('denies by default, in AWS words, and allows what an attached AWS managed policy allows', async () => {
    const bob = await newUser('bob');
    const client = server.codePipeline(bob);
    await expect(client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/team/bob is not authorized to perform: codepipeline:ListPipelines on resource: * because no identity-based policy allows the codepipeline:ListPipelines action`,
    });
    await server.iam(server.root).send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
    expect((await server.iam(server.root).send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }))).AttachedPolicies).toEqual([
      { PolicyName: 'AWSCodePipeline_ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' },
    ]);
    expect((await client.send(new ListPipelinesCommand({}))).pipelines?.map((p) => p.name).sort()).toEqual(['billing', 'shop']);
    // CodePipeline permissions open no other service on the endpoint: SSM and Secrets Manager calls are
    // authorized as ssm:* and secretsmanager:* actions (signed with those signing names), and refused.
    const ssm = new SSMClient({ endpoint: server.url, region: 'us-east-1', credentials: bob, maxAttempts: 1 });
    await expect(ssm.send(new PutParameterCommand({ Name: '/app/db-host', Value: 'db.internal', Type: 'String' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/team/bob is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${account}:parameter/app/db-host because no identity-based policy allows the ssm:PutParameter action`,
    });
    const secrets = new SecretsManagerClient({ endpoint: server.url, region: 'us-east-1', credentials: bob, maxAttempts: 1 });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'app/token' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: secretsmanager:GetSecretValue') as string,
    });
    // The root may: the refusal was the policy's, not the signing name's.
    const rootSsm = new SSMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.root, maxAttempts: 1 });
    await rootSsm.send(new PutParameterCommand({ Name: '/app/db-host', Value: 'db.internal', Type: 'String' }));
    expect((await rootSsm.send(new GetParameterCommand({ Name: '/app/db-host' }))).Parameter?.Value).toBe('db.internal');
    for (const sdk of [ssm, secrets, rootSsm]) sdk.destroy();
    await expect(client.send(new GetPipelineStateCommand({ name: 'shop' }))).resolves.toMatchObject({ pipelineName: 'shop' });
    await expect(client.send(new StartPipelineExecutionCommand({ name: 'shop' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/team/bob is not authorized to perform: codepipeline:StartPipelineExecution on resource: ${arnOf('shop')} because no identity-based policy allows the codepipeline:StartPipelineExecution action`,
    });
    // The refused start changed nothing, and the audit says who was refused.
    const audit = await server.store.listAudit({ limit: 50 });
    expect(audit.find((record) => record.operation === 'StartPipelineExecution' && record.outcome === 'AccessDeniedException')?.principal).toBe(`arn:aws:iam::${account}:user/team/bob`);
    await server.iam(server.root).send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
    await expect(client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      server.iam(server.root).send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.' });
  });

  it('evaluates inline policies: resource ARNs with wildcards, explicit deny wins, conditions on aws:SourceIp and aws:username', async () => {
    const carol = await newUser('carol');
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['codepipeline:StartPipelineExecution', 'codepipeline:GetPipelineState'], Resource: `arn:aws:codepipeline:*:${account}:sh*` },
        { Effect: 'Allow', Action: 'codepipeline:GetPipeline', Resource: '*', Condition: { StringEquals: { 'aws:username': 'carol' } } },
        { Effect: 'Deny', Action: 'codepipeline:GetPipeline', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } },
      ],
    };
    const iam = server.iam(server.root);
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'operate-shop', PolicyDocument: JSON.stringify(document) }));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames).toEqual(['operate-shop']);
    const stored = await iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'operate-shop' }));
    expect(JSON.parse(decodeURIComponent(stored.PolicyDocument ?? ''))).toEqual(document);

    const client = server.codePipeline(carol);
    await expect(client.send(new StartPipelineExecutionCommand({ name: 'shop' }))).resolves.toMatchObject({ pipelineExecutionId: expect.any(String) as string });
    await expect(client.send(new StartPipelineExecutionCommand({ name: 'billing' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // The test calls from 127.0.0.1: the Deny on that range wins over the Allow.
    await expect(client.send(new GetPipelineStateCommand({ name: 'shop' }))).resolves.toBeDefined();
    const denied = await server.codePipeline(carol).send(new ListPipelinesCommand({})).catch((error: unknown) => error);
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    const { GetPipelineCommand } = await import('@aws-sdk/client-codepipeline');
    await expect(client.send(new GetPipelineCommand({ name: 'shop' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/team/carol is not authorized to perform: codepipeline:GetPipeline on resource: ${arnOf('shop')} with an explicit deny in an identity-based policy`,
    });

    await expect(iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'bad', PolicyDocument: '{"Statement": [' }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    await expect(
      iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'bad', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Perhaps', Action: '*', Resource: '*' }] }) })),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'operate-shop' }));
    await expect(client.send(new StartPipelineExecutionCommand({ name: 'shop' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('offers the resource tags to conditions as aws:ResourceTag/<key>', async () => {
    const frank = await newUser('frank');
    const { TagResourceCommand } = await import('@aws-sdk/client-codepipeline');
    await server.codePipeline(server.root).send(new TagResourceCommand({ resourceArn: arnOf('billing'), tags: [{ key: 'team', value: 'payments' }] }));
    await server.iam(server.root).send(
      new PutUserPolicyCommand({
        UserName: 'frank',
        PolicyName: 'payments-team',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'codepipeline:GetPipelineState', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } } }],
        }),
      }),
    );
    const client = server.codePipeline(frank);
    await expect(client.send(new GetPipelineStateCommand({ name: 'billing' }))).resolves.toMatchObject({ pipelineName: 'billing' });
    await expect(client.send(new GetPipelineStateCommand({ name: 'shop' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('gives group members their group policies; job workers need codepipeline:PollForJobs', async () => {
    const worker = await newUser('worker');
    const iam = server.iam(server.root);
    await iam.send(new CreateGroupCommand({ GroupName: 'job-workers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'job-workers', UserName: 'worker' }));
    const poll = new PollForJobsCommand({ actionTypeId: { category: 'Build', owner: 'Custom', provider: 'MyBuilder', version: '1' } });
    await expect(server.codePipeline(worker).send(poll)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/team/worker is not authorized to perform: codepipeline:PollForJobs on resource: arn:aws:codepipeline:us-east-1:${account}:actiontype:Custom/Build/MyBuilder/1 because no identity-based policy allows the codepipeline:PollForJobs action`,
    });
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'job-workers', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipelineCustomActionAccess' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'worker' }))).Groups?.map((group) => group.GroupName)).toEqual(['job-workers']);
    const answered = await server.codePipeline(worker).send(poll).catch((error: unknown) => error);
    expect(answered).not.toMatchObject({ name: 'AccessDeniedException' });
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'job-workers', PolicyName: 'no-polls', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'codepipeline:Poll*', Resource: '*' }] }) }));
    await expect(server.codePipeline(worker).send(poll)).rejects.toMatchObject({ name: 'AccessDeniedException' });

    // Undone step by step: a group with members or policies is not deleted, as IAM refuses.
    expect((await iam.send(new GetGroupCommand({ GroupName: 'job-workers' }))).Users?.map((user) => user.UserName)).toEqual(['worker']);
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'job-workers' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'job-workers', UserName: 'worker' }));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'job-workers', PolicyName: 'no-polls' }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'job-workers', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipelineCustomActionAccess' }));
    await expect(server.codePipeline(worker).send(poll)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await iam.send(new DeleteGroupCommand({ GroupName: 'job-workers' }));
    await expect(iam.send(new GetGroupCommand({ GroupName: 'job-workers' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'The group with name job-workers cannot be found.' });
  });

  it('stops honouring a deactivated key, refuses to delete a user who has keys, and a user without iam permissions manages nothing', async () => {
    const dave = await newUser('dave');
    const iam = server.iam(server.root);
    // IAM's query protocol names the error AccessDenied (IAM API reference, Common Errors).
    await expect(server.iam(dave).send(new CreateUserCommand({ UserName: 'mallory' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${account}:user/team/dave is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
    });
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'dave', AccessKeyId: dave.accessKeyId, Status: 'Inactive' }));
    await expect(server.sts(dave).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    await expect(iam.send(new DeleteUserCommand({ UserName: 'dave' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: dave.accessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'dave' }));
    await expect(iam.send(new GetUserCommand({ UserName: 'dave' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('refuses an unsigned IAM form post at the door: any web page can send that content type (CSRF)', async () => {
    // The hardening guard (src/api/http/guards/cross-origin-guard.ts) answers before IAM: only a signed
    // call may use the query protocol's application/x-www-form-urlencoded.
    const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListUsers&Version=2010-05-08' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'AccessDeniedException', message: expect.stringContaining('CSRF') as string });
  });
});
