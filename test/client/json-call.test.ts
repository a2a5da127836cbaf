import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerRefusedError } from '../../src/client/client-errors.js';
import { jsonCall, timestampMembers } from '../../src/client/json-call.js';
import { credentialsWithoutSdk, throwawayCredentials } from '../../src/client/shared-config-credentials.js';
import model from '../../src/api/model/codepipeline-2015-07-09.json' with { type: 'json' };
import { stage, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * `pipewright status` calls the API without the AWS SDK client (docs/decisions/cli-startup.md): its own
 * SigV4 signature must pass the server's check (the SDK's signer), its answer must be the SDK client's,
 * and its credentials the ones the SDK's chain would find.
 */
describe('a JSON call without the SDK client', () => {
  let server: TestServer;
  const env = { ...process.env };
  beforeAll(async () => {
    server = await startTestServer({ configure: (config) => (config.auth = 'iam') });
    const pipeline = {
      name: 'light',
      roleArn: 'arn:aws:iam::123456789012:role/pipewright',
      artifactStore: { type: 'S3' as const, location: 'pipewright-artifacts' },
      stages: [
        { name: 'Source', actions: [{ name: 'Source', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'S3', version: '1' }, configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'out' }] }] },
        { name: 'Check', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
      ],
    };
    const { CodePipelineClient } = await import('@aws-sdk/client-codepipeline');
    const root = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: server.rootCredentials! });
    await root.send(new CreatePipelineCommand({ pipeline }));
    // The execution the creation starts fails at once (no bucket "b"): compared once it has, the two
    // reads below see the same state (they raced its end when it was still running).
    await waitForState(root, 'light', (stages) => stage(stages, 'Source').latestExecution?.status === 'Failed', 'the first execution to fail');
    root.destroy();
  });
  afterAll(async () => {
    await server.close();
    Object.assign(process.env, env);
  });

  it('is signed so that a server in iam mode accepts it, and answers what the SDK client answers', async () => {
    const { accessKeyId, secretAccessKey } = server.rootCredentials!;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
    delete process.env.AWS_PROFILE;
    const connection = { endpoint: server.url, region: 'us-east-1' };
    const light = await jsonCall<Record<string, unknown>>(connection, 'GetPipelineState', { name: 'light' });
    const { CodePipelineClient } = await import('@aws-sdk/client-codepipeline');
    const sdk = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: server.rootCredentials! });
    const { $metadata: _metadata, ...expected } = await sdk.send(new GetPipelineStateCommand({ name: 'light' }));
    sdk.destroy();
    expect(light).toEqual(expected);
    expect(light.created).toBeInstanceOf(Date);

    await expect(jsonCall(connection, 'GetPipelineState', { name: 'missing' })).rejects.toMatchObject({ exceptionName: 'PipelineNotFoundException' });
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    const refused = await jsonCall(connection, 'GetPipelineState', { name: 'light' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServerRefusedError);
    expect((refused as ServerRefusedError).httpStatus).toBe(403);
  });

  it('converts exactly the members the service model declares timestamps', () => {
    const shapes = model.shapes as Record<string, { type: string; members?: Record<string, { shape: string }> }>;
    const declared = new Set<string>();
    for (const shape of Object.values(shapes)) for (const [name, member] of Object.entries(shape.members ?? {})) if (shapes[member.shape]?.type === 'timestamp') declared.add(name);
    expect([...timestampMembers].sort()).toEqual([...declared].sort());
    // No member of another type shares a timestamp member's name.
    for (const shape of Object.values(shapes)) for (const [name, member] of Object.entries(shape.members ?? {})) if (declared.has(name)) expect(shapes[member.shape]?.type).toBe('timestamp');
  });
});

describe('credentials found without the SDK', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-credentials-'));
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(credentialsFile, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[pipewright]\naws_access_key_id=AKIDPW\naws_secret_access_key=pw-secret\naws_session_token = token\n');
  writeFileSync(configFile, '[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n\n[profile keys-in-config]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n');
  const connection = { endpoint: 'http://127.0.0.1:1', region: 'us-east-1' };
  const files = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the SDK chain for the cases it can, and leaves the others to it', async () => {
    expect(await credentialsWithoutSdk(connection, {})).toEqual(throwawayCredentials);
    expect(await credentialsWithoutSdk(connection, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 't' })).toEqual({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret', sessionToken: 't' });
    expect(await credentialsWithoutSdk(connection, files)).toEqual({ accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'default-secret' });
    expect(await credentialsWithoutSdk({ ...connection, profile: 'pipewright' }, files)).toEqual({ accessKeyId: 'AKIDPW', secretAccessKey: 'pw-secret', sessionToken: 'token' });
    // A named profile wins over the environment's keys, as in the SDK's chain.
    expect(await credentialsWithoutSdk(connection, { ...files, AWS_PROFILE: 'pipewright', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' })).toMatchObject({ accessKeyId: 'AKIDPW' });
    expect(await credentialsWithoutSdk({ ...connection, profile: 'keys-in-config' }, files)).toEqual({ accessKeyId: 'AKIDCONFIG', secretAccessKey: 'config-secret' });
    // A role to assume, or a profile found nowhere: the SDK's chain decides.
    expect(await credentialsWithoutSdk({ ...connection, profile: 'role' }, files)).toBeUndefined();
    expect(await credentialsWithoutSdk({ ...connection, profile: 'nowhere' }, files)).toBeUndefined();
  });
});
