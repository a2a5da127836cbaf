import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ListPipelinesCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamTestServer, type IamTestServer } from './iam-test-server.js';

/**
 * SigV4 on the CodePipeline JSON API of a server started with --auth iam. AWS's words for refused
 * signatures: UnrecognizedClientException "The security token included in the request is invalid."
 * (boto/boto3#3576), InvalidSignatureException "The request signature we calculated does not match…"
 * (smithy545/aws-apps-scripts#12) and "Signature expired: … is now earlier than … (… - 5 min.)"
 * (remind101/logspout-kinesis#21, aws/aws-sdk-js#254).
 */
describe('SigV4 on the CodePipeline API (--auth iam)', () => {
  let server: IamTestServer;
  beforeAll(async () => {
    server = await startIamTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('writes the root credentials as a 0600 shared credentials file with one profile, and seals the secret in the store', () => {
    const file = join(server.dataDir, 'credentials');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.match(/^\[[^\]]+\]$/gm)).toEqual(['[pipewright]']);
    expect(text).toContain(`aws_access_key_id = ${server.root.accessKeyId}`);
    expect(text).toContain(`aws_secret_access_key = ${server.root.secretAccessKey}`);
    expect(statSync(join(server.dataDir, 'keys', 'secrets.key')).mode & 0o777).toBe(0o600);
    // The database holds the key id, never the secret in clear.
    const database = readFileSync(join(server.dataDir, 'pipewright.db')).toString('latin1') + readWal(server.dataDir);
    expect(database).toContain(server.root.accessKeyId);
    expect(database).not.toContain(server.root.secretAccessKey);
  });

  it('answers a call signed with the root key', async () => {
    const output = await server.codePipeline(server.root).send(new ListPipelinesCommand({}));
    expect(output.pipelines).toEqual([]);
  });

  it('refuses an unsigned call with MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines', 'x-pipewright-user': 'admin' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const refused = await server
      .codePipeline({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: server.root.secretAccessKey })
      .send(new ListPipelinesCommand({}))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const refused = await server
      .codePipeline({ accessKeyId: server.root.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-00' })
      .send(new ListPipelinesCommand({}))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      name: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('refuses a signature dated more than 5 minutes away, in AWS words', async () => {
    const late = await server.codePipeline(server.root, { systemClockOffset: -6 * 60 * 1000 }).send(new ListPipelinesCommand({})).catch((error: unknown) => error);
    expect(late).toMatchObject({ name: 'InvalidSignatureException' });
    expect((late as Error).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const early = await server.codePipeline(server.root, { systemClockOffset: 6 * 60 * 1000 }).send(new ListPipelinesCommand({})).catch((error: unknown) => error);
    expect((early as Error).message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than/);
    // Within the window, a clock a little off is fine.
    await expect(server.codePipeline(server.root, { systemClockOffset: 4 * 60 * 1000 }).send(new ListPipelinesCommand({}))).resolves.toBeDefined();
  });

  it('records the verified caller, never a header the caller chose', async () => {
    const client = server.codePipeline(server.root);
    client.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-pipewright-user'] = 'admin';
      return next(args);
    }, { step: 'build' });
    await expect(client.send(new StartPipelineExecutionCommand({ name: 'nothing-here' }))).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
    const [record] = await server.store.listAudit({ limit: 10 });
    expect(record).toMatchObject({ operation: 'StartPipelineExecution', principal: `arn:aws:iam::${server.config.partition.accountId}:root`, outcome: 'PipelineNotFoundException' });
  });
});

function readWal(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, 'pipewright.db-wal')).toString('latin1');
  } catch {
    return '';
  }
}
