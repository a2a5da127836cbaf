import { CreatePipelineCommand, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsActionTypes } from '../../src/core/action-types/aws-action-types.js';
import type { ActionProvider } from '../../src/core/contracts/action-provider.js';
import { actionTypeKey } from '../../src/core/declaration/types.js';
import { notRunnableProvider } from '../../src/providers/not-runnable/not-runnable-provider.js';
import { actionProviders, withNotRunnableTypes } from '../../src/server/action-providers.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionRuns, completeActionLog, latestExecutionId } from './kit/executions.js';

/**
 * Action types AWS runs itself that this server has no provider for: the definition is accepted, and
 * at run time each action fails at once with ConfigurationError saying what Pipewright cannot run and
 * what to use instead, never waiting for its timeout (CloudFormation's is 3 days) and never succeeding.
 */
describe('action types nothing runs here', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'infra', { 'template.yaml': 'Resources: {}\n', 'imagedefinitions.json': '[]' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes every catalogue type no provider runs, and none that one does, nor the manual approval', () => {
    const providers = actionProviders();
    const fallback = notRunnableProvider(awsActionTypes, providers);
    const run = new Set(providers.flatMap((provider) => provider.actionTypes.map(actionTypeKey)));
    const taken = new Set(fallback?.actionTypes.map(actionTypeKey));
    for (const spec of awsActionTypes) {
      const key = actionTypeKey(spec.id);
      expect(taken.has(key), key).toBe(!run.has(key) && key !== 'Approval/AWS/Manual/1');
    }
    // A provider added for a type (an AWS-service provider, say) takes it away from the fallback.
    const eks: ActionProvider = {
      actionTypes: [{ category: 'Deploy', owner: 'AWS', provider: 'EKS', version: '1' }],
      rerunnable: false,
      run: () => Promise.resolve({ status: 'Succeeded' }),
    };
    const withOne = withNotRunnableTypes([...providers, eks]);
    expect(withOne.at(-1)?.actionTypes.map(actionTypeKey)).not.toContain('Deploy/AWS/EKS/1');
    expect(taken.has('Deploy/AWS/CloudFormation/1')).toBe(false);
  });

  it('accepts the definition, then fails each such action at once with ConfigurationError and what to do', async () => {
    const pipelineName = 'aws-only';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          pipelineName,
          [
            { name: 'Source', actions: [codeCommitSource('infra')] },
            {
              name: 'Deploy',
              actions: [
                {
                  name: 'Cluster',
                  actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'EKS', version: '1' },
                  configuration: { ClusterName: 'prod', ManifestFiles: 'k8s/app.yaml' },
                  inputArtifacts: [{ name: 'Src' }],
                },
                {
                  name: 'Skill',
                  actionTypeId: { category: 'Deploy', owner: 'ThirdParty', provider: 'AlexaSkillsKit', version: '1' },
                  configuration: { ClientId: 'amzn1.application-oa2-client.abc', ClientSecret: 's3cret', RefreshToken: 'token', SkillId: 'amzn1.ask.skill.12345678-1234-1234-1234-123456789012' },
                  inputArtifacts: [{ name: 'Src' }],
                },
              ],
            },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    const execution = await waitForExecution(server.client, pipelineName, executionId);
    expect(execution.status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    expect(runs.get('Checkout')?.status).toBe('Succeeded');
    for (const [action, type, what] of [
      ['Cluster', 'Deploy/AWS/EKS/1', 'applies kubectl manifests or a Helm chart'],
      ['Skill', 'Deploy/ThirdParty/AlexaSkillsKit/1', 'deploys an Alexa skill'],
    ] as const) {
      const run = runs.get(action);
      expect(run?.status, action).toBe('Failed');
      expect(run?.output?.executionResult?.errorDetails?.code).toBe('ConfigurationError');
      const message = run?.output?.executionResult?.errorDetails?.message ?? '';
      expect(message).toContain(`Pipewright cannot run ${type} actions: this action ${what}`);
      expect(message).toMatch(/Commands or CodeBuild action instead/);
      expect((await completeActionLog(server.dataDir, run!.actionExecutionId!)).some((line) => line.endsWith(message))).toBe(true);
    }
    const state = await server.client.send(new GetPipelineStateCommand({ name: pipelineName }));
    const deploy = state.stageStates?.find((stage) => stage.stageName === 'Deploy');
    expect(deploy?.actionStates?.find((action) => action.actionName === 'Cluster')?.latestExecution?.errorDetails?.code).toBe('ConfigurationError');
  });
});
