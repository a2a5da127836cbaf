import {
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListTagsForResourceCommand,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Refusals worded as AWS words them, each from a real answer:
 * - "Account '123456789012' does not have a pipeline with name 'not-existing'": GetPipeline's
 *   PipelineNotFoundException, asserted word for word by getmoto/moto's tests/test_codepipeline.
 * - "Pipeline with name serverless-saas-pipeline does not exist in account 252007810724.":
 *   StartPipelineExecution's, logged from AWS in aws-samples/aws-serverless-saas-workshop#51.
 * - "The account with id '…' does not include a pipeline with the name '…'": the tagging operations'
 *   ResourceNotFoundException for a pipeline ARN with no pipeline (getmoto/moto's backend).
 */
describe('AWS’s words for a pipeline that is not there', () => {
  let server: TestServer;
  let account: string;
  beforeAll(async () => {
    server = await startTestServer();
    account = server.config.partition.accountId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('GetPipeline, GetPipelineState and UpdatePipeline: Account … does not have a pipeline with name …', async () => {
    const expected = { name: 'PipelineNotFoundException', message: `Account '${account}' does not have a pipeline with name 'not-existing'` };
    await expect(server.client.send(new GetPipelineCommand({ name: 'not-existing' }))).rejects.toMatchObject(expected);
    await expect(server.client.send(new GetPipelineStateCommand({ name: 'not-existing' }))).rejects.toMatchObject(expected);
    await expect(server.client.send(new UpdatePipelineCommand({ pipeline: sourceAndBuild('not-existing') }))).rejects.toMatchObject(expected);
  });

  it('StartPipelineExecution: Pipeline with name … does not exist in account ….', async () => {
    await expect(server.client.send(new StartPipelineExecutionCommand({ name: 'serverless-saas-pipeline' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
      message: `Pipeline with name serverless-saas-pipeline does not exist in account ${account}.`,
    });
  });

  it('tagging a pipeline ARN with no pipeline: The account with id … does not include a pipeline with the name …', async () => {
    const arn = `arn:aws:codepipeline:${server.config.partition.region}:${account}:ghost`;
    await expect(server.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `The account with id '${account}' does not include a pipeline with the name 'ghost'`,
    });
  });
});
