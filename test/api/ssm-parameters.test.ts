import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * SSM Parameter Store over the real AWS SDK against a real server. AWS's words are cited where they
 * are matched:
 * - ParameterNotFound has an empty message (botocore prints "An error occurred (ParameterNotFound) when
 *   calling the GetParameter operation: "; github.com/awslabs/aws-simple-cicd/issues/10,
 *   github.com/vandium-io/aws-param-store/pull/8 shows `message: null`).
 * - ParameterAlreadyExists: "The parameter already exists. To overwrite this value, set the overwrite
 *   option in the request to true." (github.com/garystafford/emr-demo/issues/1, Terraform's
 *   aws-ia/terraform-aws-control_tower_account_factory/issues/166).
 */
describe('SSM Parameter Store API', () => {
  let server: TestServer;
  let ssm: SSMClient;

  beforeAll(async () => {
    server = await startTestServer();
    ssm = new SSMClient({
      endpoint: server.url,
      region: server.config.partition.region,
      credentials: { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    ssm.destroy();
    await server.close();
  });

  it('puts a String parameter at version 1 and reads it back with its ARN', async () => {
    const put = await ssm.send(new PutParameterCommand({ Name: '/app/db/host', Value: 'db.internal', Type: 'String', Description: 'database host' }));
    expect(put).toMatchObject({ Version: 1, Tier: 'Standard' });
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/app/db/host' }));
    expect(Parameter).toMatchObject({
      Name: '/app/db/host',
      Type: 'String',
      Value: 'db.internal',
      Version: 1,
      ARN: `arn:aws:ssm:${server.config.partition.region}:${server.config.partition.accountId}:parameter/app/db/host`,
      DataType: 'text',
    });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('refuses to replace a parameter without Overwrite, in AWS words, and keeps the value', async () => {
    await ssm.send(new PutParameterCommand({ Name: 'release', Value: 'v1', Type: 'String' }));
    const refusal = ssm.send(new PutParameterCommand({ Name: 'release', Value: 'v2', Type: 'String' }));
    await expect(refusal).rejects.toMatchObject({
      name: 'ParameterAlreadyExists',
      message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    });
    expect((await ssm.send(new GetParameterCommand({ Name: 'release' }))).Parameter?.Value).toBe('v1');
  });

  it('keeps every version: Overwrite makes the next one, history and `name:version` read the old ones', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/hist/p', Value: 'one', Type: 'String', Description: 'kept' }));
    const second = await ssm.send(new PutParameterCommand({ Name: '/hist/p', Value: 'two', Type: 'String', Overwrite: true }));
    expect(second.Version).toBe(2);
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/hist/p' }));
    expect(history.Parameters?.map((p) => [p.Version, p.Value, p.Description])).toEqual([
      [1, 'one', 'kept'],
      [2, 'two', 'kept'],
    ]);
    expect(history.Parameters?.[0]?.LastModifiedUser).toBe(`arn:aws:iam::${server.config.partition.accountId}:user/AKIDTESTPIPEWRIGHT`);
    const first = await ssm.send(new GetParameterCommand({ Name: '/hist/p:1' }));
    expect(first.Parameter).toMatchObject({ Name: '/hist/p', Value: 'one', Version: 1, Selector: ':1' });
    await expect(ssm.send(new GetParameterCommand({ Name: '/hist/p:9' }))).rejects.toMatchObject({ name: 'ParameterVersionNotFound' });
  });

  it('pages GetParameterHistory', async () => {
    for (let i = 1; i <= 3; i++) await ssm.send(new PutParameterCommand({ Name: 'paged', Value: `v${i}`, Type: 'String', Overwrite: true }));
    const page1 = await ssm.send(new GetParameterHistoryCommand({ Name: 'paged', MaxResults: 2 }));
    expect(page1.Parameters?.map((p) => p.Version)).toEqual([1, 2]);
    const page2 = await ssm.send(new GetParameterHistoryCommand({ Name: 'paged', MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.Parameters?.map((p) => p.Version)).toEqual([3]);
    expect(page2.NextToken).toBeUndefined();
  });

  it('hides a SecureString value unless WithDecryption is asked', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/app/token', Value: 's3cr3t-token', Type: 'SecureString' }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: '/app/token' }));
    expect(hidden.Parameter?.Type).toBe('SecureString');
    expect(hidden.Parameter?.Value).not.toContain('s3cr3t');
    const shown = await ssm.send(new GetParameterCommand({ Name: '/app/token', WithDecryption: true }));
    expect(shown.Parameter?.Value).toBe('s3cr3t-token');
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/token' }));
    expect(JSON.stringify(history)).not.toContain('s3cr3t');
  });

  it('answers a missing parameter with ParameterNotFound and an empty message, as AWS does', async () => {
    const raw = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: JSON.stringify({ Name: '/nope' }),
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-amzn-errortype')).toBe('ParameterNotFound');
    expect(await raw.json()).toEqual({ __type: 'ParameterNotFound', message: '' });
    await expect(ssm.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(ssm.send(new DeleteParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(ssm.send(new GetParameterHistoryCommand({ Name: '/nope' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });

  it('gets several parameters at once and names the missing ones', async () => {
    await ssm.send(new PutParameterCommand({ Name: 'list', Value: 'a,b,c', Type: 'StringList' }));
    const result = await ssm.send(new GetParametersCommand({ Names: ['list', 'release', 'missing'] }));
    expect(result.Parameters?.map((p) => [p.Name, p.Type, p.Value])).toEqual([
      ['list', 'StringList', 'a,b,c'],
      ['release', 'String', 'v1'],
    ]);
    expect(result.InvalidParameters).toEqual(['missing']);
  });

  it('reads a path one level deep, or recursively, a page at a time', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/tree/a', Value: '1', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/tree/b', Value: '2', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: '/tree/sub/c', Value: '3', Type: 'String' }));
    const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: '/tree' }));
    expect(oneLevel.Parameters?.map((p) => p.Name)).toEqual(['/tree/a', '/tree/b']);
    const recursive = await ssm.send(new GetParametersByPathCommand({ Path: '/tree/', Recursive: true, WithDecryption: true, MaxResults: 2 }));
    expect(recursive.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/tree/a', '1'],
      ['/tree/b', '2'],
    ]);
    const rest = await ssm.send(new GetParametersByPathCommand({ Path: '/tree/', Recursive: true, MaxResults: 2, NextToken: recursive.NextToken }));
    expect(rest.Parameters?.map((p) => p.Name)).toEqual(['/tree/sub/c']);
  });

  it('describes parameters without their values, filtered by path, name and type', async () => {
    const byPath = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/tree'] }] }));
    expect(byPath.Parameters?.map((p) => p.Name)).toEqual(['/tree/a', '/tree/b', '/tree/sub/c']);
    expect(JSON.stringify(byPath)).not.toContain('"Value"');
    const secure = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }));
    expect(secure.Parameters?.map((p) => p.Name)).toEqual(['/app/token', '/tree/b']);
    const legacy = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['release'] }] }));
    expect(legacy.Parameters?.map((p) => [p.Name, p.Version])).toEqual([['release', 1]]);
    await expect(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Colour', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidFilterKey' });
  });

  it('deletes parameters one or several at a time, with their history', async () => {
    await ssm.send(new DeleteParameterCommand({ Name: '/tree/a' }));
    const result = await ssm.send(new DeleteParametersCommand({ Names: ['/tree/b', '/tree/zzz'] }));
    expect(result).toMatchObject({ DeletedParameters: ['/tree/b'], InvalidParameters: ['/tree/zzz'] });
    await ssm.send(new PutParameterCommand({ Name: '/tree/a', Value: 'again', Type: 'String' }));
    expect((await ssm.send(new GetParameterHistoryCommand({ Name: '/tree/a' }))).Parameters?.map((p) => p.Version)).toEqual([1]);
  });

  it('refuses names AWS refuses and checks members as AWS words it', async () => {
    await expect(ssm.send(new PutParameterCommand({ Name: 'aws-thing', Value: 'x', Type: 'String' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    });
    await expect(ssm.send(new PutParameterCommand({ Name: 'untyped', Value: 'x' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(ssm.send(new PutParameterCommand({ Name: 'x', Value: 'x', Type: 'Number' as never }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'Number' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [String, StringList, SecureString]",
    });
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });
});
