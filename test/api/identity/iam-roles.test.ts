import { CreatePipelineCommand, ListPipelinesCommand, CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  PutUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../../kit/declarations.js';
import { startIamTestServer, type Credentials, type IamTestServer } from './iam-test-server.js';

/**
 * Roles in Pipewright's IAM and STS AssumeRole, through the AWS SDK's IAM and STS clients. Shapes and
 * words from the IAM and STS API references: CreateRole returns the trust policy URL-encoded, a second
 * CreateRole of a name is EntityAlreadyExists ("Role with name … already exists."), DeleteRole of a role
 * with policies is DeleteConflict; AssumeRole "You cannot use AWS account root user credentials to call
 * AssumeRole", and its sessions are `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
 */
describe('IAM roles and STS AssumeRole', () => {
  let server: IamTestServer;
  let account: string;
  let alice: Credentials;

  const trustingAlice = () =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/alice` }, Action: 'sts:AssumeRole' }] });
  const allowList = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'codepipeline:ListPipelines', Resource: '*' }] });

  beforeAll(async () => {
    server = await startIamTestServer();
    account = server.config.partition.accountId;
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, reads, lists and deletes roles and their policies', async () => {
    const iam = server.iam(server.root);
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trustingAlice(), Description: 'deploys', MaxSessionDuration: 7200 }));
    expect(created.Role).toMatchObject({ RoleName: 'deployer', Path: '/ci/', Arn: `arn:aws:iam::${account}:role/ci/deployer`, Description: 'deploys', MaxSessionDuration: 7200 });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{16}$/);
    expect(JSON.parse(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(JSON.parse(trustingAlice()));
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trustingAlice() }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', message: 'Role with name deployer already exists.' });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{"Statement": [' }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    await expect(iam.send(new GetRoleCommand({ RoleName: 'broken' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'The role with name broken cannot be found.' });

    await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'list', PolicyDocument: allowList }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
    expect((await iam.send(new GetRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'list' }))).PolicyDocument).toBe(encodeURIComponent(allowList));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'deployer' }))).PolicyNames).toEqual(['list']);
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'deployer' }))).AttachedPolicies).toEqual([{ PolicyName: 'AWSCodePipeline_ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }]);
    expect((await iam.send(new ListRolesCommand({ PathPrefix: '/ci/' }))).Roles?.map((role) => role.RoleName)).toEqual(['deployer']);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role?.Arn).toBe(`arn:aws:iam::${account}:role/ci/deployer`);

    const trustingCodeBuild = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: trustingCodeBuild }));
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role?.AssumeRolePolicyDocument ?? '')).toBe(trustingCodeBuild);
    await expect(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'nobody', PolicyDocument: trustingCodeBuild }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'deployer' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    // A refused delete changed nothing.
    expect((await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role?.RoleName).toBe('deployer');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'list' }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'deployer' }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('hands out sessions of a role its trust policy allows, evaluated against the role’s own policies', async () => {
    const iam = server.iam(server.root);
    await iam.send(new CreateRoleCommand({ RoleName: 'lister', AssumeRolePolicyDocument: trustingAlice() }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'lister', PolicyName: 'list', PolicyDocument: allowList }));
    const roleArn = `arn:aws:iam::${account}:role/lister`;

    await expect(server.sts(server.root).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'root-try' }))).rejects.toMatchObject({ name: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
    await expect(server.sts(alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/nobody`, RoleSessionName: 's1' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1', DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });

    const assumed = await server.sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice-session', DurationSeconds: 900 }));
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/lister/alice-session`);
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(assumed.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(800_000);
    const session = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };

    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: session });
    const codePipeline = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: session });
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${account}:assumed-role/lister/alice-session`);
      expect((await codePipeline.send(new ListPipelinesCommand({}))).pipelines).toEqual([]);
      // The role allows listing only: its session may not manage IAM.
      const asRole = server.iam(session);
      const refused = asRole.send(new ListRolesCommand({}));
      await expect(refused).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(refused).rejects.toThrow(`User: arn:aws:sts::${account}:assumed-role/lister/alice-session is not authorized to perform: iam:ListRoles`);
    } finally {
      sts.destroy();
      codePipeline.destroy();
    }
  });

  it('asks for iam:PassRole on the roles a pipeline names, as CodePipeline does on CreatePipeline', async () => {
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'pat' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'pat' }));
    const pat = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    await iam.send(new PutUserPolicyCommand({ UserName: 'pat', PolicyName: 'create', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['codepipeline:CreatePipeline', 'codepipeline:StartPipelineExecution'], Resource: '*' }] }) }));
    const pipeline = { ...sourceAndBuild('passed'), roleArn: `arn:aws:iam::${account}:role/strong` };

    const refused = server.codePipeline(pat).send(new CreatePipelineCommand({ pipeline }));
    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(refused).rejects.toThrow(`User: arn:aws:iam::${account}:user/pat is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${account}:role/strong`);
    // A refused request changed nothing.
    expect((await server.codePipeline(server.root).send(new ListPipelinesCommand({}))).pipelines?.map((summary) => summary.name)).not.toContain('passed');

    // AWSCodePipeline_FullAccess lets its holder pass roles to CodePipeline (iam:PassedToService).
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pat', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_FullAccess' }));
    expect((await server.codePipeline(pat).send(new CreatePipelineCommand({ pipeline }))).pipeline?.roleArn).toBe(`arn:aws:iam::${account}:role/strong`);
  });
});
