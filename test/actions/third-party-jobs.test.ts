import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AcknowledgeThirdPartyJobCommand,
  CreatePipelineCommand,
  GetActionTypeCommand,
  GetJobDetailsCommand,
  GetThirdPartyJobDetailsCommand,
  ListActionTypesCommand,
  PollForJobsCommand,
  PollForThirdPartyJobsCommand,
  PutThirdPartyJobFailureResultCommand,
  PutThirdPartyJobSuccessResultCommand,
  UpdateActionTypeCommand,
  type ActionTypeDeclaration,
  type ThirdPartyJob,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

const inspector = { category: 'Test' as const, owner: 'ThirdParty' as const, provider: 'Inspector', version: '1' };
const executor = { type: 'JobWorker' as const, configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ['123456789012'] } }, jobTimeout: 600 };
const registration: ActionTypeDeclaration = {
  id: inspector,
  description: 'Scans the build with a partner service',
  executor,
  inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
  properties: [{ name: 'Profile', optional: false, key: true, noEcho: false }],
  urls: { executionUrlTemplate: 'https://inspector.example.com/scans/{ExternalExecutionId}' },
};

/**
 * Partner (ThirdParty) actions: a type registered through the data directory, its jobs served by the
 * ThirdParty job operations to a worker that presents each job's clientId as its client token.
 */
describe('third-party job workers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ prepare: (dataDir) => writeFileSync(join(dataDir, 'third-party-action-types.json'), JSON.stringify([registration])) });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('lists the registered type and takes updates to it', async () => {
    const { actionTypes } = await server.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'ThirdParty' }));
    // AWS's own ThirdParty types (GitHub version 1, Alexa Skills Kit) come first, then the registered partner's.
    expect(actionTypes?.map((type) => type.id)).toEqual([
      { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
      { category: 'Deploy', owner: 'ThirdParty', provider: 'AlexaSkillsKit', version: '1' },
      inspector,
    ]);
    await server.client.send(new UpdateActionTypeCommand({ actionType: { ...registration, description: 'Scans, second edition', executor: { ...executor, jobTimeout: 900 } } }));
    const { actionType } = await server.client.send(new GetActionTypeCommand(inspector));
    expect(actionType).toMatchObject({ description: 'Scans, second edition', executor: { type: 'JobWorker', jobTimeout: 900 }, properties: [{ name: 'Profile', optional: false }] });
  });

  it('serves jobs with a client token per job, continuation, and failure', async () => {
    await expect(server.client.send(new PollForThirdPartyJobsCommand({ actionTypeId: { ...inspector, owner: 'Custom' } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(server.client.send(new PollForThirdPartyJobsCommand({ actionTypeId: { ...inspector, provider: 'Nobody' } }))).rejects.toMatchObject({
      name: 'ActionTypeNotFoundException',
    });
    // GitHub version 1 is owned by ThirdParty but run by AWS (here, by Pipewright): no partner's worker may take its jobs.
    await expect(
      server.client.send(new PollForThirdPartyJobsCommand({ actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' } })),
    ).rejects.toMatchObject({ name: 'ActionTypeNotFoundException' });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('scanned', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Scan', actions: [{ name: 'Inspect', actionTypeId: inspector, configuration: { Profile: 'strict' }, inputArtifacts: [{ name: 'Src' }] }] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'scanned');
    const poll = () =>
      eventually(async () => {
        const { jobs } = await server.client.send(new PollForThirdPartyJobsCommand({ actionTypeId: inspector, maxBatchSize: 2 }));
        return jobs?.[0];
      }, 'a third-party job');
    const first: ThirdPartyJob = await poll();
    expect(first.clientId).toMatch(/^[0-9a-f-]{36}$/);

    await expect(server.client.send(new GetThirdPartyJobDetailsCommand({ jobId: first.jobId, clientToken: 'someone-else' }))).rejects.toMatchObject({ name: 'InvalidClientTokenException' });
    await expect(server.client.send(new GetJobDetailsCommand({ jobId: first.jobId }))).rejects.toMatchObject({ name: 'JobNotFoundException' });
    await expect(server.client.send(new PollForJobsCommand({ actionTypeId: inspector }))).rejects.toMatchObject({ name: 'ValidationException' });
    const { jobDetails } = await server.client.send(new GetThirdPartyJobDetailsCommand({ jobId: first.jobId, clientToken: first.clientId }));
    expect(jobDetails?.data?.actionTypeId).toEqual(inspector);
    expect(jobDetails?.data?.actionConfiguration?.configuration).toEqual({ Profile: 'strict' });
    expect(jobDetails?.data?.inputArtifacts?.[0]?.name).toBe('Src');
    await expect(
      server.client.send(new AcknowledgeThirdPartyJobCommand({ jobId: first.jobId, clientToken: first.clientId, nonce: 'not-the-nonce' })),
    ).rejects.toMatchObject({ name: 'InvalidNonceException' });
    const { status } = await server.client.send(new AcknowledgeThirdPartyJobCommand({ jobId: first.jobId, clientToken: first.clientId, nonce: jobDetails?.nonce }));
    expect(status).toBe('InProgress');
    await server.client.send(
      new PutThirdPartyJobSuccessResultCommand({ jobId: first.jobId, clientToken: first.clientId, continuationToken: 'scan-7', executionDetails: { summary: 'scanning', percentComplete: 10 } }),
    );

    const second = await poll();
    expect(second.jobId).not.toBe(first.jobId);
    expect(second.clientId).not.toBe(first.clientId);
    await expect(
      server.client.send(new PutThirdPartyJobFailureResultCommand({ jobId: second.jobId, clientToken: first.clientId, failureDetails: { type: 'JobFailed', message: 'x' } })),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenException' });
    const continued = await server.client.send(new GetThirdPartyJobDetailsCommand({ jobId: second.jobId, clientToken: second.clientId }));
    expect(continued.jobDetails?.data?.continuationToken).toBe('scan-7');
    await server.client.send(new AcknowledgeThirdPartyJobCommand({ jobId: second.jobId, clientToken: second.clientId, nonce: continued.jobDetails?.nonce }));
    await server.client.send(
      new PutThirdPartyJobFailureResultCommand({
        jobId: second.jobId,
        clientToken: second.clientId,
        failureDetails: { type: 'JobFailed', message: '3 critical findings', externalExecutionId: 'scan-7' },
      }),
    );
    await expect(
      server.client.send(new PutThirdPartyJobSuccessResultCommand({ jobId: second.jobId, clientToken: second.clientId })),
    ).rejects.toMatchObject({ name: 'InvalidJobStateException' });

    const execution = await waitForExecution(server.client, 'scanned', executionId);
    expect(execution.status).toBe('Failed');
    const result = (await actionRuns(server.client, 'scanned', executionId)).get('Inspect')?.output?.executionResult;
    expect(result).toMatchObject({
      externalExecutionId: 'scan-7',
      externalExecutionUrl: 'https://inspector.example.com/scans/scan-7',
      errorDetails: { code: 'JobFailed', message: '3 critical findings' },
    });
  });
});
