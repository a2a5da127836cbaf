import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

interface LogPage {
  lines: { text: string }[];
}

/**
 * Parameters and secrets put over SSM's and Secrets Manager's APIs, then read by a CodeCommit →
 * CodeBuild pipeline through the buildspec's `env.parameter-store` and `env.secrets-manager`, in the
 * forms CodeBuild's buildspec reference gives (`secret-id:json-key:version-stage:version-id`). CodeBuild
 * masks values read from either store in the build log ("Build log... the values are masked"); so does
 * Pipewright: the build prints them and the log shows `***`.
 */
describe('parameters and secrets read by builds', () => {
  let server: TestServer;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;

  beforeAll(async () => {
    server = await startTestServer();
    const options = {
      endpoint: server.url,
      region: server.config.partition.region,
      credentials: { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    };
    ssm = new SSMClient(options);
    secrets = new SecretsManagerClient(options);
  });
  afterAll(async () => {
    ssm.destroy();
    secrets.destroy();
    await server.close();
  });

  it('resolves parameter-store and secrets-manager references, masks secret values and fails on a missing one', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/ci/region-name', Value: 'north', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/ci/npm-token', Value: 'npm-tok-93817', Type: 'SecureString' }));
    const first = await secrets.send(new CreateSecretCommand({ Name: 'ci/db', SecretString: '{"username":"builder","password":"pw-first-5521"}' }));
    await secrets.send(new PutSecretValueCommand({ SecretId: 'ci/db', SecretString: '{"username":"builder","password":"pw-second-7730"}' }));

    const buildspec = [
      'version: 0.2',
      'env:',
      '  parameter-store:',
      '    REGION_NAME: /ci/region-name',
      '    NPM_TOKEN: /ci/npm-token',
      '  secrets-manager:',
      '    DB_USER: ci/db:username',
      '    DB_PASSWORD: ci/db:password',
      '    OLD_PASSWORD: ci/db:password:AWSPREVIOUS',
      `    FIRST_PASSWORD: ${first.ARN}:password::${first.VersionId}`,
      'phases:',
      '  build:',
      '    commands:',
      '      - echo "region=$REGION_NAME user=$DB_USER"',
      '      - echo "token=$NPM_TOKEN password=$DB_PASSWORD old=$OLD_PASSWORD first=$FIRST_PASSWORD"',
      '      - test "$DB_PASSWORD" = pw-second-7730 && test "$OLD_PASSWORD" = pw-first-5521 && test "$FIRST_PASSWORD" = pw-first-5521',
      '',
    ].join('\n');
    await hostedRepository(server.dataDir, 'with-secrets', { 'buildspec.yml': buildspec });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('with-secrets', [{ name: 'Source', actions: [codeCommitSource('with-secrets')] }, { name: 'Build', actions: [codeBuild('Use')] }]),
      }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'with-secrets' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const done = await waitForExecution(server.client, 'with-secrets', executionId, { timeoutMs: 60_000 });
    expect(done.status, done.statusSummary).toBe('Succeeded');

    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'with-secrets', filter: { pipelineExecutionId: executionId } }));
    const buildRun = actionExecutionDetails!.find((detail) => detail.actionName === 'Use')!.actionExecutionId!;
    const log = ((await (await fetch(`${server.url}/api/logs/${buildRun}?limit=5000`)).json()) as LogPage).lines.map((line) => line.text).join('\n');
    // Parameter Store values are masked as Secrets Manager's are: CodeBuild masks both.
    expect(log).toContain('token=*** password=*** old=*** first=***');
    for (const secret of ['npm-tok-93817', 'pw-second-7730', 'pw-first-5521', 'builder', 'north']) expect(log).not.toContain(secret);
  });
});
