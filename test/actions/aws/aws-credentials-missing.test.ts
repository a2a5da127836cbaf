import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, completeActionLog, latestExecutionId } from '../kit/executions.js';

/**
 * A server with no AWS credentials anywhere in the standard chain (no variables, no profile files, no
 * instance role): a definition with AWS-service actions is accepted, and each action fails at run time
 * with ConfigurationError naming what to configure. Never a silent success.
 */
describe('AWS-service actions without credentials', () => {
  let server: TestServer;

  beforeAll(async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && name !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/pipewright-test/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/pipewright-test/config';
    // No instance metadata service here; asking it would only add its timeout.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS = '*';
    process.env.PIPEWRIGHT_AWS_CODEBUILD_PROJECTS = '*';
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = 'codebuild-artifacts';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'infra', { 'template.yaml': 'Resources: {}\n', 'imagedefinitions.json': '[{"name":"app","imageUri":"nginx:1.27"}]' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('accepts the definition and fails the actions with ConfigurationError saying which settings to give', async () => {
    const pipelineName = 'no-credentials';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Stack',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
                configuration: { ActionMode: 'CREATE_UPDATE', StackName: 'app', TemplatePath: 'Src::template.yaml', RoleArn: 'arn:aws:iam::123456789012:role/cfn' },
                inputArtifacts: [{ name: 'Src' }],
              },
              {
                name: 'Service',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' },
                configuration: { ClusterName: 'web', ServiceName: 'app' },
                inputArtifacts: [{ name: 'Src' }],
              },
              {
                name: 'Workflow',
                actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'StepFunctions', version: '1' },
                configuration: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld' },
              },
              {
                name: 'Build',
                actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                configuration: { ProjectName: 'web-app-build' },
                inputArtifacts: [{ name: 'Src' }],
              },
              {
                name: 'Function',
                actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
                configuration: { FunctionName: 'my-function' },
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    for (const [action, endpointVariable] of [
      ['Stack', 'AWS_ENDPOINT_URL_CLOUDFORMATION'],
      ['Service', 'AWS_ENDPOINT_URL_ECS'],
      ['Workflow', 'AWS_ENDPOINT_URL_SFN'],
      ['Function', 'AWS_ENDPOINT_URL_LAMBDA'],
      ['Build', 'AWS_ENDPOINT_URL_CODEBUILD'],
    ] as const) {
      const result = runs.get(action)?.output?.executionResult;
      expect(result?.errorDetails?.code, action).toBe('ConfigurationError');
      const message = result?.errorDetails?.message ?? '';
      expect(message).toMatch(/^No AWS credentials to call /);
      expect(message).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
      expect(message).toContain('AWS_PROFILE');
      expect(message).toContain(endpointVariable);
      expect((await completeActionLog(server.dataDir, runs.get(action)!.actionExecutionId!)).some((line) => line.includes(message))).toBe(true);
    }
  });
});
