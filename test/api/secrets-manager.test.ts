import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Secrets Manager over the real AWS SDK against a real server. AWS's words, where matched:
 * - "Secrets Manager can't find the specified secret." (ResourceNotFoundException; moto's PR
 *   getmoto/moto#7592 quoting AWS, hashicorp/terraform-provider-aws#8271).
 * - "Secrets Manager can't find the specified secret value for staging label: AWSPENDING"
 *   (aws/aws-sdk-js-v3#7701, a real AWS answer).
 * - "The operation failed because the secret Test already exists." (ResourceExistsException from
 *   real AWS in getmoto/moto#9700).
 */
describe('Secrets Manager API', () => {
  let server: TestServer;
  let secrets: SecretsManagerClient;
  const arnPrefix = () => `arn:aws:secretsmanager:${server.config.partition.region}:${server.config.partition.accountId}:secret:`;

  beforeAll(async () => {
    server = await startTestServer();
    secrets = new SecretsManagerClient({
      endpoint: server.url,
      region: server.config.partition.region,
      credentials: { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    secrets.destroy();
    await server.close();
  });

  it('creates a secret with an ARN carrying six characters after the name, and reads its value', async () => {
    const created = await secrets.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: '{"user":"app","password":"pa55"}', Description: 'db login' }));
    expect(created.Name).toBe('prod/db');
    expect(created.ARN).toMatch(new RegExp(`^${arnPrefix()}prod/db-[A-Za-z0-9]{6}$`));
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    const value = await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    expect(value).toMatchObject({ ARN: created.ARN, Name: 'prod/db', VersionId: created.VersionId, SecretString: '{"user":"app","password":"pa55"}', VersionStages: ['AWSCURRENT'] });
    expect(value.CreatedDate).toBeInstanceOf(Date);
    const byArn = await secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byArn.SecretString).toBe(value.SecretString);
    const byPartialArn = await secrets.send(new GetSecretValueCommand({ SecretId: `${arnPrefix()}prod/db` }));
    expect(byPartialArn.Name).toBe('prod/db');
  });

  it('refuses a name in use and an unknown secret in AWS words', async () => {
    await expect(secrets.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'x' }))).rejects.toMatchObject({
      name: 'ResourceExistsException',
      message: 'The operation failed because the secret prod/db already exists.',
    });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: `${arnPrefix()}prod/db-AAAAAA` }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('moves AWSCURRENT to a new version and AWSPREVIOUS to the old one; reads either by stage or id', async () => {
    const first = await secrets.send(new CreateSecretCommand({ Name: 'rotating', SecretString: 'v1' }));
    const second = await secrets.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v2' }));
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating' }))).SecretString).toBe('v2');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v1');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionId: first.VersionId }))).SecretString).toBe('v1');
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionStage: 'AWSPENDING' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    });
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'rotating' }));
    expect(described.VersionIdsToStages).toEqual({ [first.VersionId as string]: ['AWSPREVIOUS'], [second.VersionId as string]: ['AWSCURRENT'] });
    expect(JSON.stringify(described)).not.toContain('v2');
  });

  it('keeps a version put with its own label off AWSCURRENT, and moves labels on request', async () => {
    const pending = await secrets.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v3', VersionStages: ['AWSPENDING'] }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating' }))).SecretString).toBe('v2');
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating' }));
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: 'rotating', VersionStage: 'AWSCURRENT', MoveToVersionId: pending.VersionId, RemoveFromVersionId: current.VersionId }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating' }))).SecretString).toBe('v3');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v2');
  });

  it('a repeated PutSecretValue with the same token and value changes nothing; another value under it is refused', async () => {
    const token = 'a'.repeat(32);
    const once = await secrets.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v4', ClientRequestToken: token }));
    const again = await secrets.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v4', ClientRequestToken: token }));
    expect(again.VersionId).toBe(once.VersionId);
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'other', ClientRequestToken: token }))).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
  });

  it('creates a secret without a value, which has none to read until one is put', async () => {
    const created = await secrets.send(new CreateSecretCommand({ Name: 'empty' }));
    expect(created.VersionId).toBeUndefined();
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'empty' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    });
    await secrets.send(new PutSecretValueCommand({ SecretId: 'empty', SecretString: 'now' }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'empty' }))).SecretString).toBe('now');
  });

  it('updates a description and a value', async () => {
    const updated = await secrets.send(new UpdateSecretCommand({ SecretId: 'prod/db', Description: 'database login', SecretString: '{"user":"app","password":"n3w"}' }));
    expect(updated.VersionId).toBeDefined();
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'prod/db' }));
    expect(described.Description).toBe('database login');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toContain('n3w');
    const onlyDescription = await secrets.send(new UpdateSecretCommand({ SecretId: 'prod/db', Description: 'again' }));
    expect(onlyDescription.VersionId).toBeUndefined();
  });

  it('lists secrets without values, filtered by name, a page at a time', async () => {
    const all = await secrets.send(new ListSecretsCommand({}));
    expect(all.SecretList?.map((s) => s.Name)).toEqual(['empty', 'prod/db', 'rotating']);
    expect(JSON.stringify(all)).not.toContain('n3w');
    const page = await secrets.send(new ListSecretsCommand({ MaxResults: 2 }));
    expect(page.SecretList?.map((s) => s.Name)).toEqual(['empty', 'prod/db']);
    const next = await secrets.send(new ListSecretsCommand({ MaxResults: 2, NextToken: page.NextToken }));
    expect(next.SecretList?.map((s) => s.Name)).toEqual(['rotating']);
    const filtered = await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['prod/'] }] }));
    expect(filtered.SecretList?.map((s) => s.Name)).toEqual(['prod/db']);
  });

  it('deletes a secret, answering the date AWS would delete it', async () => {
    const deleted = await secrets.send(new DeleteSecretCommand({ SecretId: 'empty', RecoveryWindowInDays: 7 }));
    expect(deleted.Name).toBe('empty');
    expect(deleted.DeletionDate?.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    await expect(secrets.send(new DescribeSecretCommand({ SecretId: 'empty' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(secrets.send(new DeleteSecretCommand({ SecretId: 'rotating', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'rotating' }))).SecretString).toBe('v4');
  });
});
