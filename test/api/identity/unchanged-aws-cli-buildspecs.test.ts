import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreatePipelineCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliConfig, firstAwsCliLoadsPlugins } from '../../../src/providers/codebuild/environment/aws-cli-config.js';
import { actionLog, actionRuns, latestExecutionId } from '../../actions/kit/executions.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startIamTestServer, type IamTestServer } from './iam-test-server.js';

const run = promisify(execFile);

/**
 * Issue 24's main case: a buildspec written for CodeBuild, unchanged (no --endpoint-url), run with
 * Debian 12's AWS CLI (2.9, which predates AWS_ENDPOINT_URL_<SERVICE>: CLI 2.13), reaches Pipewright's
 * S3 at /s3 through the pipewright_endpoints plugin Pipewright names in the build's ~/.aws/config, with
 * the role's credentials from the container endpoint. Real server in iam mode, real sandboxed builds.
 */
const accountId = '123456789012';
const trustPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['codepipeline.amazonaws.com', 'codebuild.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
});
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
// S3 resource ARNs: arn:aws:s3:::bucket/key (Service Authorization Reference, Amazon S3).
const denyUploads = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::my-static-site-bucket/*' },
  ],
});

// The buildspec of the public sample "static-website-s3" (github.com/hlaingminpaing/codebuild-sample-project,
// static-website-s3/buildspec.yml, commit 55e64a13): its deploy command as it is there, bucket name
// included, so the bucket is made on this server first as the sample's README has it made on AWS.
const staticSiteBuildspec = [
  'version: 0.2',
  '',
  'phases:',
  '  build:',
  '    commands:',
  '      - echo "No build needed for static site"',
  '  post_build:',
  '    commands:',
  '      - aws s3 sync . s3://my-static-site-bucket/ --delete',
  'artifacts:',
  '  files:',
  '    - index.html',
  '',
].join('\n');

function commandsAction(name: string, commands: string[]): ActionDeclaration {
  return { name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Src' }], commands };
}

describe('unchanged buildspecs run `aws s3` against Pipewright with Debian’s AWS CLI (iam mode)', () => {
  let server: IamTestServer;
  let s3: S3Client;

  beforeAll(async () => {
    server = await startIamTestServer();
    const iam = server.iam(server.root);
    const pipelineOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    for (const [role, policy, trust] of [
      ['site-deployer', allowAll, trustPolicy],
      ['no-uploads', denyUploads, trustPolicy],
      ['pipeline-only', allowAll, pipelineOnly],
    ] as const) {
      await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
      await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'permissions', PolicyDocument: policy }));
    }
    s3 = new S3Client({ endpoint: `${server.url}/s3`, forcePathStyle: true, region: server.config.partition.region, credentials: server.root, maxAttempts: 1 });
    for (const bucket of ['my-static-site-bucket', 'app-releases']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await hostedRepository(server.dataDir, 'site', { 'buildspec.yml': staticSiteBuildspec, 'index.html': '<h1>Deployed by Pipewright</h1>\n' });
  }, 60_000);
  afterAll(async () => {
    s3.destroy();
    await server.close();
  });

  async function runPipeline(pipelineName: string, roleName: string, action: ActionDeclaration) {
    const client = server.codePipeline(server.root);
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('site')] }, { name: 'Deploy', actions: [action] }], {
          roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        }),
      }),
    );
    const executionId = await latestExecutionId(client, pipelineName);
    const execution = await waitForExecution(client, pipelineName, executionId, { timeoutMs: 120_000 });
    const runId = (await actionRuns(client, pipelineName, executionId)).get(action.name ?? '')?.actionExecutionId ?? '';
    return { execution, log: (await actionLog(server.dataDir, runId)).join('\n') };
  }

  async function objectText(bucket: string, key: string): Promise<string> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString()) ?? '';
  }

  it('a CodeBuild action runs the sample’s `aws s3 sync . s3://my-static-site-bucket/ --delete` into this server’s bucket', async () => {
    // --delete removes what the source no longer has: a page of an earlier deploy.
    await s3.send(new PutObjectCommand({ Bucket: 'my-static-site-bucket', Key: 'old-page.html', Body: 'gone after the sync\n' }));
    const { execution, log } = await runPipeline('static-site', 'site-deployer', codeBuild('StaticSite'));
    expect(execution.status, `${execution.statusSummary ?? ''}\n${log}`).toBe('Succeeded');
    expect(log).toContain('upload: ./index.html to s3://my-static-site-bucket/index.html');
    expect(log).toContain('delete: s3://my-static-site-bucket/old-page.html');
    expect(await objectText('my-static-site-bucket', 'index.html')).toBe('<h1>Deployed by Pipewright</h1>\n');
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'my-static-site-bucket', Key: 'old-page.html' }))).rejects.toMatchObject({ name: 'NotFound' });
  }, 150_000);

  it('a Commands action runs the issue’s `aws s3 cp ./build s3://$BUCKET --recursive` and reads back, after the build’s own `aws configure set`', async () => {
    const { execution, log } = await runPipeline(
      'release-upload',
      'site-deployer',
      commandsAction('Release', [
        // The build's own settings go to the same ~/.aws/config and keep Pipewright's plugin section.
        'aws configure set default.output json',
        'export BUCKET=app-releases',
        'mkdir -p build && cp index.html build/ && echo \'{"stage":"prod"}\' > build/config.json',
        'aws s3 cp ./build s3://$BUCKET --recursive',
        'aws s3 cp s3://$BUCKET/config.json ./downloaded.json',
        'cat downloaded.json',
        'cat ~/.aws/config',
      ]),
    );
    expect(execution.status, `${execution.statusSummary ?? ''}\n${log}`).toBe('Succeeded');
    expect(log).toContain('upload: build/config.json to s3://app-releases/config.json');
    expect(log).toContain('download: s3://app-releases/config.json to ./downloaded.json');
    expect(log).toContain('{"stage":"prod"}');
    expect(log).toMatch(/\[default\][\s\S]*output = json/);
    expect(log).toContain('pipewright_endpoints = pipewright_endpoints');
    expect(await objectText('app-releases', 'index.html')).toBe('<h1>Deployed by Pipewright</h1>\n');
  }, 150_000);

  // A project's service role is CodeBuild's to assume (its trust policy names codebuild.amazonaws.com, as
  // CodeBuild's service role docs have it); one that trusts only CodePipeline is refused before any command.
  it("fails a build whose project's service role does not trust CodeBuild", async () => {
    mkdirSync(join(server.dataDir, 'projects'), { recursive: true });
    writeFileSync(join(server.dataDir, 'projects', 'WrongTrust.yml'), ['serviceRole: pipeline-only', 'buildspec:', '  version: 0.2', '  phases:', '    build:', '      commands:', '        - echo never runs', ''].join('\n'));
    const { execution, log } = await runPipeline('wrong-trust', 'site-deployer', codeBuild('WrongTrust'));
    expect(execution.status).toBe('Failed');
    expect(log).toContain(`The role arn:aws:iam::${accountId}:role/pipeline-only cannot be assumed: its trust policy does not let codebuild.amazonaws.com assume it (sts:AssumeRole), and CodeBuild runs the build as its project’s service role.`);
    expect(log).not.toContain('never runs');
  }, 150_000);

  it("fails the unchanged `aws s3 sync` with AccessDenied when the role's policy denies the uploads", async () => {
    const { execution, log } = await runPipeline('static-site-denied', 'no-uploads', codeBuild('StaticSite'));
    expect(execution.status).toBe('Failed');
    expect(log).toMatch(/upload failed: \.\/index\.html to s3:\/\/my-static-site-bucket\/index\.html An error occurred \(AccessDenied\) when calling the PutObject operation/);
  }, 150_000);
});

/**
 * A CLI that reads AWS_ENDPOINT_URL_<SERVICE> itself (botocore 1.31 and later) is left alone: the plugin
 * looks for the setting those versions added with the variables (ignore_configured_endpoint_urls).
 */
describe('the pipewright_endpoints plugin', () => {
  const pluginDir = fileURLToPath(new URL('../../../src/providers/codebuild/environment/aws-cli-plugin/', import.meta.url));
  const readsVariables = async (python: string, imports: string): Promise<string> => {
    const script = `import sys; sys.path.insert(0, sys.argv[1]); ${imports}import pipewright_endpoints as plugin; print(plugin._cli_reads_endpoint_variables())`;
    return (await run(python, ['-c', script, pluginDir])).stdout.trim();
  };

  it("acts under Debian's CLI 2.9, whose botocore (awscli/botocore, aliased as botocore by awscli) predates the variables", async () => {
    expect(await readsVariables('/usr/bin/python3', 'import awscli; ')).toBe('False');
  });

  it('stands aside under a botocore that reads the variables itself, when this host has one', async (context) => {
    const found = await run('python3', ['-c', 'import botocore; print(botocore.__version__)']).catch(() => undefined);
    const [major = 0, minor = 0] = (found?.stdout.trim() ?? '0.0').split('.').map(Number);
    if (major < 1 || (major === 1 && minor < 31)) context.skip();
    expect(await readsVariables('python3', '')).toBe('True');
  });

  // The CLI v1 (pip install awscli) imports every [plugins] value as a module and fails on
  // cli_legacy_plugin_path; the config is written only when the build's first `aws` is a CLI v2.
  it("is named only when the build's first `aws` is a CLI v2: Debian's, not a CLI v1 found before it", () => {
    const v1 = mkdtempSync(join(tmpdir(), 'pipewright-aws-v1-'));
    writeFileSync(join(v1, 'aws'), '#!/usr/bin/env python3\nimport awscli.clidriver\n');
    chmodSync(join(v1, 'aws'), 0o755);
    expect(firstAwsCliLoadsPlugins('/usr/bin:/bin', false)).toBe(true);
    expect(firstAwsCliLoadsPlugins(`${v1}:/usr/bin`, false)).toBe(false);
    // Sandboxed, the build sees none of the host's other directories: it finds Debian's CLI.
    expect(firstAwsCliLoadsPlugins(`${v1}:/usr/bin`, true)).toBe(true);
    expect(firstAwsCliLoadsPlugins(v1.replace(/$/, '-missing'), false)).toBe(false);
  });

  it('names its own directory as the CLI v2 plugin path, under the home it is written to', () => {
    expect(awsCliConfig('/w/job/home')).toContain('[plugins]\ncli_legacy_plugin_path = /w/job/home/.aws/pipewright-plugin\npipewright_endpoints = pipewright_endpoints\n');
  });
});
