import {
  InvalidArnException,
  InvalidTagsException,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { callWire } from '../kit/wire-shape.js';

const account = '123456789012';
const arnOf = (name: string): string => `arn:aws:codepipeline:us-east-1:${account}:${name}`;

describe('tagging pipelines and custom action types', () => {
  let server: TestServer;
  const call = (operation: string, body: unknown) => callWire(server.url, operation, body);

  beforeAll(async () => {
    server = await startTestServer();
    expect((await call('CreatePipeline', { pipeline: sourceAndBuild('tagged'), tags: [{ key: 'team', value: 'a' }] })).status).toBe(200);
    const customType = {
      category: 'Test',
      provider: 'Tagged',
      version: '1',
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      tags: [{ key: 'owner', value: 'qa' }],
    };
    expect((await call('CreateCustomActionType', customType)).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the tags given at creation, adds and overwrites tags, and removes them by key', async () => {
    expect((await call('ListTagsForResource', { resourceArn: arnOf('tagged') })).json).toEqual({ tags: [{ key: 'team', value: 'a' }] });
    expect((await call('TagResource', { resourceArn: arnOf('tagged'), tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'b' }] })).json).toEqual({});
    expect((await call('ListTagsForResource', { resourceArn: arnOf('tagged') })).json).toEqual({
      tags: [
        { key: 'team', value: 'b' },
        { key: 'env', value: 'prod' },
      ],
    });
    expect((await call('UntagResource', { resourceArn: arnOf('tagged'), tagKeys: ['team', 'not-there'] })).json).toEqual({});
    const tags = await server.client.send(new ListTagsForResourceCommand({ resourceArn: arnOf('tagged') }));
    expect(tags.tags).toEqual([{ key: 'env', value: 'prod' }]);
  });

  it('tags a custom action type by its ARN', async () => {
    const arn = `arn:aws:codepipeline:us-east-1:${account}:actionType:custom/Test/Tagged/1`;
    await server.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'tier', value: 'gold' }] }));
    expect((await call('ListTagsForResource', { resourceArn: arn })).json).toEqual({
      tags: [
        { key: 'owner', value: 'qa' },
        { key: 'tier', value: 'gold' },
      ],
    });
  });

  it('pages through tags when asked for smaller pages', async () => {
    await call('CreatePipeline', { pipeline: sourceAndBuild('paged-tags'), tags: Array.from({ length: 5 }, (_, index) => ({ key: `k${index}`, value: `${index}` })) });
    const keys: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await call('ListTagsForResource', { resourceArn: arnOf('paged-tags'), maxResults: 2, ...(nextToken !== undefined ? { nextToken } : {}) });
      keys.push(...(page.json.tags as { key: string }[]).map((tag) => tag.key));
      nextToken = page.json.nextToken as string | undefined;
      pages += 1;
    } while (nextToken !== undefined);
    expect(keys).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(pages).toBe(3);
    expect((await call('ListTagsForResource', { resourceArn: arnOf('paged-tags'), nextToken: 'bm9wZQ' })).json.__type).toBe('InvalidNextTokenException');
  });

  it('refuses an ARN that is not ours with InvalidArnException', async () => {
    for (const arn of [`arn:aws:codepipeline:eu-west-1:${account}:tagged`, 'arn:aws:codepipeline:us-east-1:999999999999:tagged', `arn:aws:codepipeline:us-east-1:${account}:stage/x`]) {
      const result = await call('TagResource', { resourceArn: arn, tags: [{ key: 'a', value: 'b' }] });
      expect(result.json.__type).toBe('InvalidArnException');
      expect(result.json.message).toContain(arn);
    }
    await expect(server.client.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:codepipeline:eu-west-1:${account}:tagged` }))).rejects.toBeInstanceOf(InvalidArnException);
  });

  it('refuses an ARN of ours that names nothing with ResourceNotFoundException', async () => {
    for (const arn of [arnOf('missing'), `arn:aws:codepipeline:us-east-1:${account}:actionType:custom/Test/Missing/1`, `arn:aws:codepipeline:us-east-1:${account}:webhook:hook`]) {
      const result = await call('ListTagsForResource', { resourceArn: arn });
      expect(result.status).toBe(400);
      expect(result.json.__type).toBe('ResourceNotFoundException');
    }
    await expect(server.client.send(new UntagResourceCommand({ resourceArn: arnOf('missing'), tagKeys: ['a'] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses more than 50 tags, counting the ones the resource has', async () => {
    await call('CreatePipeline', { pipeline: sourceAndBuild('many-tags'), tags: Array.from({ length: 49 }, (_, index) => ({ key: `k${index}`, value: 'v' })) });
    const tooMany = await call('TagResource', { resourceArn: arnOf('many-tags'), tags: [{ key: 'k0', value: 'again' }, { key: 'x', value: '1' }, { key: 'y', value: '2' }] });
    expect(tooMany.json).toEqual({ __type: 'TooManyTagsException', message: 'A resource can have at most 50 tags; this request would give it 51.' });
    await server.client.send(new TagResourceCommand({ resourceArn: arnOf('many-tags'), tags: [{ key: 'x', value: '1' }] }));
    await expect(server.client.send(new TagResourceCommand({ resourceArn: arnOf('many-tags'), tags: [{ key: 'y', value: '1' }] }))).rejects.toBeInstanceOf(TooManyTagsException);
  });

  it('refuses tags with the aws: prefix, to add or to remove', async () => {
    await expect(server.client.send(new TagResourceCommand({ resourceArn: arnOf('tagged'), tags: [{ key: 'aws:cloudformation:stack', value: 'x' }] }))).rejects.toBeInstanceOf(
      InvalidTagsException,
    );
    const untag = await call('UntagResource', { resourceArn: arnOf('tagged'), tagKeys: ['AWS:owner'] });
    expect(untag.json.__type).toBe('InvalidTagsException');
    expect(untag.json.message).toContain('AWS:owner');
  });

  it('drops a pipeline\'s tags with the pipeline', async () => {
    await call('CreatePipeline', { pipeline: sourceAndBuild('short-lived'), tags: [{ key: 'a', value: '1' }] });
    await call('DeletePipeline', { name: 'short-lived' });
    expect((await call('ListTagsForResource', { resourceArn: arnOf('short-lived') })).json.__type).toBe('ResourceNotFoundException');
    await call('CreatePipeline', { pipeline: sourceAndBuild('short-lived') });
    expect((await call('ListTagsForResource', { resourceArn: arnOf('short-lived') })).json).toEqual({ tags: [] });
  });
});
