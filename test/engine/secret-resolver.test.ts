import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreSecretResolver } from '../../src/engine/secret-resolver.js';
import { storeDialects, type TestStore } from '../../src/store/test-kit/store-dialects.js';

const sqlite = storeDialects()[0]!;

describe('StoreSecretResolver over the store', () => {
  let opened: TestStore;
  let resolver: StoreSecretResolver;
  beforeEach(async () => {
    opened = await sqlite.open();
    resolver = new StoreSecretResolver(opened.store);
    await opened.store.putParameter({ name: '/app/db/host', value: 'db.internal', type: 'String', overwrite: false, now: 1 });
    await opened.store.createSecret({ name: 'prod/db', secretString: '{"user":"admin","password":"s3cr3t","port":5432}', versionId: 'v1', now: 1 });
    await opened.store.putSecretValue({ name: 'prod/db', secretString: '{"user":"admin","password":"n3w"}', versionId: 'v2', now: 2 });
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('reads parameters by name', async () => {
    expect(await resolver.parameter('/app/db/host')).toBe('db.internal');
    expect(await resolver.parameter('/app/db/port')).toBeUndefined();
  });

  it('reads the current value, a JSON key, a label and a version id', async () => {
    expect(await resolver.secret('prod/db')).toBe('{"user":"admin","password":"n3w"}');
    expect(await resolver.secret('prod/db', { jsonKey: 'password' })).toBe('n3w');
    expect(await resolver.secret('prod/db', { jsonKey: 'password', versionStage: 'AWSPREVIOUS' })).toBe('s3cr3t');
    expect(await resolver.secret('prod/db', { jsonKey: 'port', versionId: 'v1' })).toBe('5432');
    expect(await resolver.secret('prod/db', { jsonKey: 'missing' })).toBeUndefined();
    expect(await resolver.secret('prod/other')).toBeUndefined();
  });

  it('finds a secret by its ARN, with or without the suffix AWS appends', async () => {
    expect(await resolver.secret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db', { jsonKey: 'user' })).toBe('admin');
    expect(await resolver.secret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123', { jsonKey: 'user' })).toBe('admin');
  });

  it('finds no key in a value that is not a JSON object', async () => {
    await opened.store.createSecret({ name: 'token', secretString: 'plain-token', versionId: 't1', now: 3 });
    expect(await resolver.secret('token')).toBe('plain-token');
    expect(await resolver.secret('token', { jsonKey: 'x' })).toBeUndefined();
  });
});
