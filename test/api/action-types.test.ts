import {
  ActionTypeNotFoundException,
  CreateCustomActionTypeCommand,
  GetActionTypeCommand,
  LimitExceededException,
  ListActionTypesCommand,
  RequestFailedException,
  UpdateActionTypeCommand,
  ValidationException,
  type CreateCustomActionTypeCommandInput,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTypesPageSize } from '../../src/api/operations/list-action-types.js';
import { awsActionTypes } from '../../src/core/action-types/aws-action-types.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { callWire } from '../kit/wire-shape.js';

function customType(provider: string, extra: Partial<CreateCustomActionTypeCommandInput> = {}): CreateCustomActionTypeCommandInput {
  return {
    category: 'Build',
    provider,
    version: '1',
    settings: { entityUrlTemplate: 'https://ci.example/job/{Config:Project}', executionUrlTemplate: 'https://ci.example/run/{ExternalExecutionId}' },
    configurationProperties: [
      { name: 'Project', required: true, key: true, secret: false, queryable: true, description: 'The job to run.', type: 'String' },
      { name: 'Token', required: false, key: false, secret: true, description: 'An API token.', type: 'String' },
    ],
    inputArtifactDetails: { minimumCount: 1, maximumCount: 2 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    ...extra,
  };
}

describe('action types and rule types', () => {
  let server: TestServer;
  const call = (operation: string, body: unknown) => callWire(server.url, operation, body);

  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.limits.maxCustomActionTypes = 60;
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists AWS action types with their configuration properties and artifact bounds', async () => {
    const listed = await call('ListActionTypes', { actionOwnerFilter: 'AWS' });
    const types = listed.json.actionTypes as { id: { provider: string; category: string }; actionConfigurationProperties: { name: string }[]; inputArtifactDetails: unknown }[];
    expect(types).toHaveLength(awsActionTypes.filter((type) => type.id.owner === 'AWS').length);
    const codeBuild = types.find((type) => type.id.category === 'Build' && type.id.provider === 'CodeBuild');
    expect(codeBuild?.actionConfigurationProperties.map((property) => property.name)).toContain('ProjectName');
    expect(codeBuild?.inputArtifactDetails).toEqual({ minimumCount: 1, maximumCount: 5 });
    expect(listed.json.nextToken).toBeUndefined();
    // ListActionTypes counts at most 5 artifacts; the declaration form shows the Commands action's 10 inputs.
    expect(types.find((type) => type.id.provider === 'Commands')?.inputArtifactDetails).toEqual({ minimumCount: 1, maximumCount: 5 });
    const commands = await call('GetActionType', { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' });
    expect((commands.json.actionType as { inputArtifactDetails: unknown }).inputArtifactDetails).toEqual({ minimumCount: 1, maximumCount: 10 });
  });

  it('lists every action type AWS provides by default, the ThirdParty GitHub version 1 and Alexa Skills Kit among them', async () => {
    const everything = await server.client.send(new ListActionTypesCommand({}));
    const keys = (everything.actionTypes ?? []).map(({ id }) => `${id?.category}/${id?.owner}/${id?.provider}/${id?.version}`);
    // The valid providers by action type (user guide, actions-valid-providers) and the action structure reference.
    for (const expected of [
      'Source/AWS/S3/1', 'Source/AWS/ECR/1', 'Source/AWS/CodeCommit/1', 'Source/AWS/CodeStarSourceConnection/1', 'Source/ThirdParty/GitHub/1',
      'Build/AWS/CodeBuild/1', 'Build/AWS/ECRBuildAndPublish/1', 'Test/AWS/CodeBuild/1', 'Test/AWS/DeviceFarm/1', 'Compute/AWS/Commands/1',
      'Deploy/AWS/S3/1', 'Deploy/AWS/CloudFormation/1', 'Deploy/AWS/CloudFormationStackSet/1', 'Deploy/AWS/CloudFormationStackInstances/1',
      'Deploy/AWS/CodeDeploy/1', 'Deploy/AWS/CodeDeployToECS/1', 'Deploy/AWS/ECS/1', 'Deploy/AWS/EKS/1', 'Deploy/AWS/EC2/1', 'Deploy/AWS/Lambda/1',
      'Deploy/AWS/ElasticBeanstalk/1', 'Deploy/AWS/AppConfig/1', 'Deploy/AWS/ServiceCatalog/1', 'Deploy/AWS/OpsWorks/1', 'Deploy/ThirdParty/AlexaSkillsKit/1',
      'Invoke/AWS/Lambda/1', 'Invoke/AWS/StepFunctions/1', 'Invoke/AWS/CodePipeline/1', 'Invoke/AWS/InspectorScan/1', 'Approval/AWS/Manual/1',
    ]) {
      expect(keys).toContain(expected);
    }
    const thirdParty = await server.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'ThirdParty' }));
    const gitHub = thirdParty.actionTypes?.find((type) => type.id?.provider === 'GitHub');
    // AWS's own listing of GitHub version 1 (API reference, ListActionTypes sample response): OAuthToken is required, secret and no key.
    expect(gitHub?.actionConfigurationProperties?.find((property) => property.name === 'OAuthToken')).toMatchObject({ required: true, secret: true, key: false });
    expect(gitHub?.actionConfigurationProperties?.filter((property) => property.key).map((property) => property.name)).toEqual(['Owner', 'Repo', 'Branch']);
    expect(gitHub?.outputArtifactDetails).toEqual({ minimumCount: 1, maximumCount: 1 });
  });

  it('creates a custom action type, lists it under Custom, and returns it with its tags', async () => {
    const created = await call('CreateCustomActionType', { ...customType('Jenkins'), tags: [{ key: 'team', value: 'ci' }] });
    expect(created.json).toEqual({
      actionType: {
        id: { category: 'Build', owner: 'Custom', provider: 'Jenkins', version: '1' },
        settings: { entityUrlTemplate: 'https://ci.example/job/{Config:Project}', executionUrlTemplate: 'https://ci.example/run/{ExternalExecutionId}' },
        actionConfigurationProperties: customType('Jenkins').configurationProperties!.map((property) => ({ queryable: false, ...property })),
        inputArtifactDetails: { minimumCount: 1, maximumCount: 2 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      },
      tags: [{ key: 'team', value: 'ci' }],
    });
    const custom = await server.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'Custom' }));
    expect(custom.actionTypes?.map((type) => type.id?.provider)).toContain('Jenkins');
    const tags = await call('ListTagsForResource', { resourceArn: 'arn:aws:codepipeline:us-east-1:123456789012:actionType:custom/Build/Jenkins/1' });
    expect(tags.json).toEqual({ tags: [{ key: 'team', value: 'ci' }] });
  });

  it('returns the identical definition again, refuses a different one, and restores a deleted type only from the identical definition', async () => {
    await server.client.send(new CreateCustomActionTypeCommand(customType('Restorable')));
    expect((await call('CreateCustomActionType', customType('Restorable'))).status).toBe(200);
    const different = await call('CreateCustomActionType', customType('Restorable', { outputArtifactDetails: { minimumCount: 0, maximumCount: 2 } }));
    expect(different.json.__type).toBe('ValidationException');
    expect(different.json.message).toMatch(/Build\/Custom\/Restorable\/1 already exists with a different definition/);

    expect((await call('DeleteCustomActionType', { category: 'Build', provider: 'Restorable', version: '1' })).json).toEqual({});
    const providers = async () => ((await call('ListActionTypes', { actionOwnerFilter: 'Custom' })).json.actionTypes as { id: { provider: string } }[]).map((type) => type.id.provider);
    expect(await providers()).not.toContain('Restorable');
    const changed = await call('CreateCustomActionType', customType('Restorable', { settings: {} }));
    expect(changed.json.message).toMatch(/already exists \(deleted\) with a different definition\. Use a version string never used before/);
    expect((await call('CreateCustomActionType', customType('Restorable'))).status).toBe(200);
    expect(await providers()).toContain('Restorable');
    expect((await call('CreateCustomActionType', customType('Restorable', { version: '2', settings: {} }))).status).toBe(200);
  });

  it('deletes a type that does not exist without complaint', async () => {
    expect((await call('DeleteCustomActionType', { category: 'Deploy', provider: 'Nothing', version: '9' })).json).toEqual({});
  });

  it('refuses queryable properties that are optional, secret or more than one', async () => {
    const optional = await call('CreateCustomActionType', customType('Q1', { configurationProperties: [{ name: 'P', required: false, key: true, secret: false, queryable: true }], settings: {} }));
    expect(optional.json).toEqual({ __type: 'ValidationException', message: 'The queryable configuration property P must be required and not secret.' });
    const two = customType('Q2', {
      configurationProperties: [
        { name: 'A', required: true, key: true, secret: false, queryable: true },
        { name: 'B', required: true, key: true, secret: false, queryable: true },
      ],
      settings: {},
    });
    await expect(server.client.send(new CreateCustomActionTypeCommand(two))).rejects.toBeInstanceOf(ValidationException);
  });

  it('refuses artifact details and property counts beyond the model with ValidationException', async () => {
    const result = await call('CreateCustomActionType', customType('TooMany', { inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } }));
    expect(result.json.__type).toBe('ValidationException');
    expect(result.json.message).toContain("'inputArtifactDetails.maximumCount'");
  });

  it('pages through action types when there are more than a page', async () => {
    for (let index = 0; index < 45; index += 1) {
      await call('CreateCustomActionType', customType(`Paged${index}`, { settings: {}, configurationProperties: [] }));
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await server.client.send(new ListActionTypesCommand({ nextToken }));
      expect(page.actionTypes!.length).toBeLessThanOrEqual(actionTypesPageSize);
      seen.push(...page.actionTypes!.map((type) => `${type.id!.category}/${type.id!.owner}/${type.id!.provider}/${type.id!.version}`));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((key) => key.includes('/Custom/Paged'))).toHaveLength(45);
    expect((await call('ListActionTypes', { nextToken: 'garbage' })).json.__type).toBe('InvalidNextTokenException');
  });

  it('finds nothing for another region', async () => {
    expect((await call('ListActionTypes', { regionFilter: 'eu-west-1' })).json).toEqual({ actionTypes: [] });
    expect((await call('ListRuleTypes', { regionFilter: 'eu-west-1' })).json).toEqual({ ruleTypes: [] });
  });

  it('refuses custom action types beyond the limit with LimitExceededException', async () => {
    const limited = await startTestServer({
      configure: (config) => {
        config.limits.maxCustomActionTypes = 2;
      },
    });
    try {
      await limited.client.send(new CreateCustomActionTypeCommand(customType('L1')));
      await limited.client.send(new CreateCustomActionTypeCommand(customType('L2')));
      await expect(limited.client.send(new CreateCustomActionTypeCommand(customType('L3')))).rejects.toBeInstanceOf(LimitExceededException);
      // A deleted type frees its place; restoring it takes one again.
      await callWire(limited.url, 'DeleteCustomActionType', { category: 'Build', provider: 'L1', version: '1' });
      await limited.client.send(new CreateCustomActionTypeCommand(customType('L3')));
      const restore = await callWire(limited.url, 'CreateCustomActionType', customType('L1'));
      expect(restore.json).toEqual({ __type: 'LimitExceededException', message: 'The account already has 2 custom action types, the most allowed (2); delete one first.' });
    } finally {
      await limited.close();
    }
  });

  it('describes an AWS action type in the declaration form', async () => {
    const result = await call('GetActionType', { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' });
    expect(result.json).toEqual({
      actionType: {
        id: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
        description: 'Stops the pipeline until a person approves or rejects.',
        executor: { type: 'JobWorker', configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: ['codepipeline.amazonaws.com'] } } },
        inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        permissions: { allowedAccounts: ['*'] },
        properties: [
          { name: 'NotificationArn', optional: true, key: false, noEcho: false, queryable: false, description: 'The ARN of an Amazon SNS topic notified when approval is needed.' },
          { name: 'ExternalEntityLink', optional: true, key: false, noEcho: false, queryable: false, description: 'A URL the reviewer is asked to look at.' },
          { name: 'CustomData', optional: true, key: false, noEcho: false, queryable: false, description: 'Comments for the reviewer.' },
        ],
      },
    });
    const build = await server.client.send(new GetActionTypeCommand({ category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }));
    expect(build.actionType?.executor?.jobTimeout).toBe(8 * 3600);
    expect(build.actionType?.properties?.find((property) => property.name === 'ProjectName')).toMatchObject({ optional: false, key: true, noEcho: false });
  });

  it('answers GetActionType for unknown and unregistered third-party types with ActionTypeNotFoundException, and refuses owner Custom as the model does', async () => {
    await expect(server.client.send(new GetActionTypeCommand({ category: 'Build', owner: 'AWS', provider: 'Bamboo', version: '1' }))).rejects.toBeInstanceOf(ActionTypeNotFoundException);
    expect((await call('GetActionType', { category: 'Source', owner: 'ThirdParty', provider: 'Snyk', version: '1' })).json.__type).toBe('ActionTypeNotFoundException');
    const gitHub = await server.client.send(new GetActionTypeCommand({ category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' }));
    expect(gitHub.actionType?.properties?.find((property) => property.name === 'OAuthToken')).toMatchObject({ optional: false, noEcho: true });
    const custom = await call('GetActionType', { category: 'Build', owner: 'Custom', provider: 'Jenkins', version: '1' });
    expect(custom.json.__type).toBe('ValidationException');
    expect(custom.json.message).toContain("Value 'Custom' at 'owner' failed to satisfy constraint: Member must satisfy regular expression pattern: AWS|ThirdParty");
  });

  it('refuses UpdateActionType on built-in AWS types and on types that do not exist', async () => {
    const declaration = {
      id: { category: 'Build' as const, owner: 'AWS', provider: 'CodeBuild', version: '1' },
      executor: { type: 'JobWorker' as const, configuration: {} },
      inputArtifactDetails: { minimumCount: 1, maximumCount: 5 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
    };
    await expect(server.client.send(new UpdateActionTypeCommand({ actionType: declaration }))).rejects.toBeInstanceOf(RequestFailedException);
    const missing = await call('UpdateActionType', { actionType: { ...declaration, id: { ...declaration.id, owner: 'ThirdParty', provider: 'Nope' } } });
    expect(missing.json).toEqual({ __type: 'ActionTypeNotFoundException', message: 'No action type Build/ThirdParty/Nope/1 (category/owner/provider/version) exists to update.' });
  });

  it('lists the rule types stage conditions can use', async () => {
    const result = await call('ListRuleTypes', { ruleOwnerFilter: 'AWS' });
    const ruleTypes = result.json.ruleTypes as { id: { provider: string }; ruleConfigurationProperties: { name: string; required: boolean }[] }[];
    expect(ruleTypes.map((type) => type.id.provider).sort()).toEqual(['Commands', 'DeploymentWindow', 'LambdaInvoke', 'VariableCheck']);
    expect(ruleTypes.find((type) => type.id.provider === 'VariableCheck')?.ruleConfigurationProperties.filter((property) => property.required).map((property) => property.name)).toEqual([
      'Variable',
      'Value',
      'Operator',
    ]);
  });
});
