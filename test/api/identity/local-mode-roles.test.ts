import { CreatePipelineCommand, StartPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, completeActionLog, latestExecutionId } from '../../actions/kit/executions.js';
import { writeFunction } from '../../actions/kit/functions.js';

/**
 * Local mode (--auth none): a role a pipeline, a build project or a function names is created on first
 * use, allowing everything, and the log says so once; the work still runs as that role, through the
 * container credentials endpoint (a CodeBuild build with its project's service role, a local function
 * with the pipeline's role), so the same pipeline runs unchanged in iam mode once the roles exist.
 */
const whoami = `
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CodePipelineClient, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
export const handler = async (event) => {
  // Region, endpoints and credentials all from the environment the invocation was given.
  const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  console.log('function runs as ' + me.Arn);
  await new CodePipelineClient({}).send(new PutJobSuccessResultCommand({ jobId: event['CodePipeline.job'].id }));
};
`;

function invoke(name: string, functionName: string): ActionDeclaration {
  return { name, actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }, configuration: { FunctionName: functionName } };
}

describe('roles in local mode', () => {
  let server: TestServer;
  const accountId = '123456789012';

  beforeAll(async () => {
    server = await startTestServer({
      prepare: (dataDir) => {
        mkdirSync(join(dataDir, 'projects'), { recursive: true });
        writeFileSync(
          join(dataDir, 'projects', 'WhoAmI.yml'),
          [
            'serviceRole: project-role',
            'buildspec:',
            '  version: 0.2',
            '  phases:',
            '    build:',
            '      commands:',
            // Debian 12's AWS CLI (2.9) predates AWS_ENDPOINT_URL_<SERVICE> (CLI 2.13): the endpoint is passed on.
            '        - aws sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text',
          ].join('\n'),
        );
      },
    });
    await hostedRepository(server.dataDir, 'app', { 'README.md': 'app\n' });
    writeFunction(server.dataDir, 'whoami', { 'index.mjs': whoami });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a missing role on first use, says so once, and runs builds and functions as their roles', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('roles', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Build', actions: [codeBuild('WhoAmI')] },
          { name: 'Call', actions: [invoke('WhoAmIFunction', 'whoami')] },
        ]),
      }),
    );
    const first = await latestExecutionId(server.client, 'roles');
    const execution = await waitForExecution(server.client, 'roles', first, { timeoutMs: 120_000 });
    const runs = await actionRuns(server.client, 'roles', first);
    const buildLog = (await completeActionLog(server.dataDir, runs.get('WhoAmI')?.actionExecutionId ?? '')).join('\n');
    const functionLog = (await completeActionLog(server.dataDir, runs.get('WhoAmIFunction')?.actionExecutionId ?? '')).join('\n');
    expect(execution.status, `${execution.statusSummary ?? ''}\n${buildLog}\n${functionLog}`).toBe('Succeeded');

    expect(buildLog).toContain(`The role arn:aws:iam::${accountId}:role/project-role did not exist: created it allowing everything`);
    expect(buildLog).toMatch(new RegExp(`arn:aws:sts::${accountId}:assumed-role/project-role/Pipewright-`));
    expect(functionLog).toContain(`The role arn:aws:iam::${accountId}:role/pipewright-test did not exist: created it allowing everything`);
    expect(functionLog).toMatch(new RegExp(`function runs as arn:aws:sts::${accountId}:assumed-role/pipewright-test/Pipewright-`));

    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
    expect((await iam.send(new GetRoleCommand({ RoleName: 'project-role' }))).Role?.Description).toContain('local mode');
    iam.destroy();

    // Once created, the role is used as it is: the next run says nothing more about it.
    const { pipelineExecutionId: second } = await server.client.send(new StartPipelineExecutionCommand({ name: 'roles' }));
    expect((await waitForExecution(server.client, 'roles', second!, { timeoutMs: 120_000 })).status).toBe('Succeeded');
    const again = (await completeActionLog(server.dataDir, (await actionRuns(server.client, 'roles', second!)).get('WhoAmI')?.actionExecutionId ?? '')).join('\n');
    expect(again).toMatch(new RegExp(`assumed-role/project-role/Pipewright-`));
    expect(again).not.toContain('did not exist');
  }, 240_000);
});
