/**
 * What SigV4 verification and policy evaluation add to a read: GetPipelineState over HTTP with the AWS
 * SDK, on a server in none mode (no verification), and in iam mode as the root (signature only) and as
 * an IAM user with AWSCodePipeline_ReadOnlyAccess plus an inline policy of four statements (signature
 * and @cloud-copilot/iam-simulate). Calls alternate between the three, so machine noise hits all alike.
 *
 *   node --import tsx bench/identity-overhead.ts [--calls 600]
 *
 * Target: the median of the IAM user's calls is at most 1 ms above the median of none mode's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { pino } from 'pino';
import { resolveServerConfig } from '../src/server/config.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';

const calls = Number(process.argv[process.argv.indexOf('--calls') + 1] ?? 600) || 600;
const pipeline = {
  name: 'bench',
  roleArn: 'arn:aws:iam::123456789012:role/bench',
  artifactStore: { type: 'S3' as const, location: 'bench-artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Get', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'S3', version: '1' }, configuration: { S3Bucket: 'in', S3ObjectKey: 'a.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Src' }] }] },
    { name: 'Hold', actions: [{ name: 'Wait', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
  ],
};

async function start(auth: 'none' | 'iam'): Promise<{ server: RunningServer; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), `pipewright-bench-identity-${auth}-`));
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir: dir, auth }, {});
  return { server: await startServer(config, { logger: pino({ level: 'silent' }) }), dir };
}

const none = await start('none');
const iam = await start('iam');
const root = iam.server.rootCredentials!;
const client = (url: string, credentials: { accessKeyId: string; secretAccessKey: string }) => new CodePipelineClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials });
const noneClient = client(none.server.url, { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' });
const rootClient = client(iam.server.url, root);
await noneClient.send(new CreatePipelineCommand({ pipeline }));
await rootClient.send(new CreatePipelineCommand({ pipeline }));
const iamClient = new IAMClient({ endpoint: iam.server.url, region: 'us-east-1', maxAttempts: 1, credentials: root });
await iamClient.send(new CreateUserCommand({ UserName: 'reader' }));
await iamClient.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));
await iamClient.send(
  new PutUserPolicyCommand({
    UserName: 'reader',
    PolicyName: 'extra',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'codepipeline:Get*', Resource: 'arn:aws:codepipeline:*:*:bench*' },
        { Effect: 'Deny', Action: 'codepipeline:Delete*', Resource: '*' },
        { Effect: 'Deny', Action: 'codepipeline:GetPipelineState', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
        { Effect: 'Allow', Action: 'codepipeline:StartPipelineExecution', Resource: '*', Condition: { StringEquals: { 'aws:username': 'reader' } } },
      ],
    }),
  }),
);
const key = (await iamClient.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
const userClient = client(iam.server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });

const samples: Record<'none' | 'root' | 'user', number[]> = { none: [], root: [], user: [] };
const clients = { none: noneClient, root: rootClient, user: userClient };
for (let i = 0; i < calls + 50; i++) {
  for (const name of ['none', 'root', 'user'] as const) {
    const started = performance.now();
    await clients[name].send(new GetPipelineStateCommand({ name: 'bench' }));
    if (i >= 50) samples[name].push(performance.now() - started);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const p90 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? NaN;
for (const name of ['none', 'root', 'user'] as const) console.log(`${name.padEnd(5)} median ${median(samples[name]).toFixed(3)} ms  p90 ${p90(samples[name]).toFixed(3)} ms  (${samples[name].length} calls)`);
const added = median(samples.user) - median(samples.none);
console.log(`added by SigV4 and policies (IAM user vs none): ${added.toFixed(3)} ms; target ≤ 1 ms`);

for (const c of [noneClient, rootClient, userClient, iamClient]) c.destroy();
await none.server.close();
await iam.server.close();
rmSync(none.dir, { recursive: true, force: true });
rmSync(iam.dir, { recursive: true, force: true });
process.exitCode = added <= 1 ? 0 : 1;
