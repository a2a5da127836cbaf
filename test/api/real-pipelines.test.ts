import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineCommand, ListPipelinesCommand, type CreatePipelineCommandInput, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Pipeline definitions nobody here wrote — AWS's CLI examples and user guide, `sam pipeline init`'s
 * templates, AWS CDK integration-test snapshots, an AWS Labs reference architecture — translated into
 * the API's JSON and kept in test/fixtures/real-pipelines with their source beside each
 * (`<name>.source.json`, listed in sources.md). Each goes to CreatePipeline over HTTP with the AWS SDK,
 * on a server in the fixture's region: those AWS accepts are accepted; those AWS refuses are refused
 * with AWS's exception and words. Then deliberately broken variants of them are refused with AWS's
 * exception and a message naming stage, action and field.
 */
interface FixtureSource {
  source: { repository: string; path: string; commit?: string; url?: string };
  kind: string;
  translation: string;
  region: string;
  expected: { outcome: 'accepted' } | { outcome: 'refused'; exception: string; message: string };
}

interface Fixture {
  name: string;
  input: CreatePipelineCommandInput;
  meta: FixtureSource;
}

const folder = join(import.meta.dirname, '..', 'fixtures', 'real-pipelines');

function loadFixtures(): Fixture[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.source.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.json'.length);
      return {
        name,
        input: JSON.parse(readFileSync(join(folder, file), 'utf8')) as CreatePipelineCommandInput,
        meta: JSON.parse(readFileSync(join(folder, `${name}.source.json`), 'utf8')) as FixtureSource,
      };
    });
}

const fixtures = loadFixtures();
const regions = [...new Set(fixtures.map((fixture) => fixture.meta.region))].sort();

/** A fixture's declaration, changed by `change` (a deep copy: the fixture stays as read). */
function variant(name: string, change: (pipeline: PipelineDeclaration) => void, rename?: string): CreatePipelineCommandInput {
  const fixture = fixtures.find((candidate) => candidate.name === name);
  if (fixture === undefined) throw new Error(`No fixture ${name}`);
  const copy = structuredClone(fixture.input);
  change(copy.pipeline!);
  copy.pipeline!.name = rename ?? `${copy.pipeline!.name!.slice(0, 80)}-broken`;
  return copy;
}

function stage(pipeline: PipelineDeclaration, stageName: string) {
  const found = pipeline.stages?.find((candidate) => candidate.name === stageName);
  if (found === undefined) throw new Error(`No stage ${stageName}`);
  return found;
}

function action(pipeline: PipelineDeclaration, stageName: string, actionName: string) {
  const found = stage(pipeline, stageName).actions?.find((candidate) => candidate.name === actionName);
  if (found === undefined) throw new Error(`No action ${actionName} in ${stageName}`);
  return found;
}

interface BrokenVariant {
  name: string;
  region: string;
  input: () => CreatePipelineCommandInput;
  exception: string;
  message: RegExp;
}

const broken: BrokenVariant[] = [
  {
    name: 'a provider name with the wrong case (Codedeploy)',
    region: 'us-east-2',
    input: () => variant('ug-pipelines-create-s3-codedeploy', (p) => (action(p, 'Staging', 'Deploy-CodeDeploy-Application').actionTypeId!.provider = 'Codedeploy')),
    exception: 'InvalidActionDeclarationException',
    // AWS: "ActionType (Category: 'Deploy', Provider: 'ECS', Owner: 'AWS', Version: '1') in action 'Deploy' is not available" (hashicorp/terraform-provider-aws#4667)
    message: /ActionType \(Category: 'Deploy', Provider: 'Codedeploy', Owner: 'AWS', Version: '1'\) in action 'Deploy-CodeDeploy-Application' in stage 'Staging' is not available/,
  },
  {
    name: 'a CloudFormation action without StackName',
    region: 'us-east-1',
    input: () => variant('sam-two-stage-connection-main', (p) => delete action(p, 'UpdatePipeline', 'CreateChangeSet').configuration!.StackName),
    exception: 'InvalidActionDeclarationException',
    message: /Action configuration for action 'CreateChangeSet' in stage 'UpdatePipeline' is missing required configuration 'StackName'/,
  },
  {
    name: 'an ECS action with a misspelt configuration key (Filename)',
    region: 'us-east-1',
    input: () =>
      variant('ecs-refarch-github-codebuild-ecs', (p) => {
        const deploy = action(p, 'Deploy', 'Deploy');
        deploy.configuration = { ClusterName: 'c', ServiceName: 's', Filename: 'images.json' };
      }),
    exception: 'InvalidActionDeclarationException',
    message: /Action configuration for action 'Deploy' in stage 'Deploy' contains unknown configuration 'Filename'; the action type accepts only ClusterName, ServiceName, FileName, DeploymentTimeout/,
  },
  {
    name: 'a CodeDeploy action without its input artifact',
    region: 'us-east-1',
    input: () => variant('aws-cli-get-pipeline-s3-codedeploy', (p) => (action(p, 'Beta', 'CodePipelineDemoFleet').inputArtifacts = [])),
    exception: 'InvalidActionDeclarationException',
    // AWS: "Action {NameOfAction} declares 0 input artifacts which is less than the minimum count (1)" (awsdocs/aws-cloudformation-user-guide#941)
    message: /Action 'CodePipelineDemoFleet' in stage 'Beta' declares 0 input artifacts which is less than the minimum count \(1\)/,
  },
  {
    name: 'a CloudFormation action with two output artifacts',
    region: 'us-east-1',
    input: () => variant('sam-two-stage-connection-main', (p) => action(p, 'UpdatePipeline', 'ExecuteChangeSet').outputArtifacts!.push({ name: 'Second' })),
    exception: 'InvalidActionDeclarationException',
    message: /Action 'ExecuteChangeSet' in stage 'UpdatePipeline' declares 2 output artifacts which is more than the maximum count \(1\) of its action type Deploy\/AWS\/CloudFormation\/1/,
  },
  {
    name: 'a CodeCommit source moved to another region',
    region: 'us-west-2',
    input: () => variant('ug-cross-region-codedeploy', (p) => (action(p, 'Source', 'Source').region = 'us-east-1')),
    exception: 'InvalidActionDeclarationException',
    // "You cannot create cross-Region actions for the following action types: Source actions…" (user guide, actions-create-cross-region)
    message: /Action 'Source' in stage 'Source' declares region us-east-1, but the pipeline's region is us-west-2: actions of type Source\/AWS\/CodeCommit\/1 cannot be cross-region/,
  },
  {
    name: 'a GitHub (version 1) source moved to another region',
    region: 'us-east-1',
    input: () =>
      variant('ecs-refarch-github-codebuild-ecs', (p) => {
        action(p, 'Source', 'App').region = 'us-west-2';
        p.artifactStores = { 'us-east-1': p.artifactStore!, 'us-west-2': { type: 'S3', location: 'artifacts-us-west-2' } };
        delete p.artifactStore;
      }),
    exception: 'InvalidActionDeclarationException',
    message: /Action 'App' in stage 'Source' declares region us-west-2.*Source\/ThirdParty\/GitHub\/1 cannot be cross-region/,
  },
  {
    name: 'a cross-region action with a single artifactStore',
    region: 'us-west-2',
    input: () =>
      variant('ug-cross-region-codedeploy', (p) => {
        p.artifactStore = p.artifactStores!['us-west-2'];
        delete p.artifactStores;
      }),
    exception: 'InvalidStructureException',
    message: /Action 'Deploy' in stage 'Deploy' runs in region us-east-1, outside the pipeline's region us-west-2; a cross-region pipeline declares artifactStores/,
  },
  {
    name: "artifactStores without the cross-region action's region",
    region: 'us-west-2',
    input: () => variant('ug-cross-region-codedeploy', (p) => delete p.artifactStores!['us-east-1']),
    exception: 'InvalidStructureException',
    message: /Action 'Deploy' in stage 'Deploy' runs in region us-east-1, but artifactStores has no store for that region/,
  },
  {
    name: 'both artifactStore and artifactStores',
    region: 'us-west-2',
    input: () => variant('ug-cross-region-codedeploy', (p) => (p.artifactStore = { type: 'S3', location: 'my-storage-bucket' })),
    exception: 'InvalidStructureException',
    message: /declares both artifactStore and artifactStores; declare exactly one of them/,
  },
  {
    name: 'an artifactStores key that is no AWS Region',
    region: 'us-west-2',
    input: () => variant('ug-cross-region-codedeploy', (p) => (p.artifactStores!.RegionB = { type: 'S3', location: 'my-storage-bucket-region-b' })),
    exception: 'ValidationException',
    // AWS: "The region af-south-1 specified in 'pipeline.artifactStores' is not a valid AWS Region." (aws/aws-cdk#15650)
    message: /The region RegionB specified in 'pipeline.artifactStores' is not a valid AWS Region/,
  },
  {
    name: 'the V2-only EC2 deploy action on a V1 pipeline',
    region: 'us-east-1',
    input: () => variant('cdk-integ-ec2-deploy', (p) => (p.pipelineType = 'V1')),
    exception: 'InvalidActionDeclarationException',
    message: /is of type V1, but the EC2 action type of action 'EC2-NoLB' in stage 'Deploy' can only be used with V2 pipelines/,
  },
  {
    name: 'the secret mask **** as the OAuthToken of a new action',
    region: 'us-east-1',
    input: () => variant('ecs-refarch-github-codebuild-ecs', (p) => (action(p, 'Source', 'App').configuration!.OAuthToken = '****')),
    exception: 'InvalidActionDeclarationException',
    // AWS's words, quoted in alantech/iasql#1594.
    message: /Action configuration for the new action 'App' in stage 'Source' contains an invalid configuration for the secret property "OAuthToken". "\*\*\*\*" may be used in secret properties only when updating an existing action/,
  },
  {
    name: 'a Commands action without commands',
    region: 'us-east-1',
    input: () => variant('cdk-integ-commands', (p) => delete action(p, 'Compute', 'Commands').commands),
    exception: 'InvalidActionDeclarationException',
    // AWS: "Action frontend-web-content-manager-cleanup must have a non-empty commands field" (hashicorp/terraform-provider-aws#42997)
    message: /Action 'Commands' in stage 'Compute' must have a non-empty commands field/,
  },
  {
    name: 'an input artifact no earlier action produces',
    region: 'us-east-1',
    input: () => variant('cdk-integ-commands', (p) => (action(p, 'Deploy', 'DeployAction').inputArtifacts = [{ name: 'CommandArtifact' }])),
    exception: 'InvalidActionDeclarationException',
    message: /Input artifact CommandArtifact of action 'DeployAction' in stage 'Deploy' is not declared as an output artifact of any action/,
  },
  {
    name: 'timeoutInMinutes on a CodeBuild action',
    region: 'us-east-1',
    input: () => variant('ecs-refarch-github-codebuild-ecs', (p) => (action(p, 'Build', 'Build').timeoutInMinutes = 30)),
    exception: 'InvalidActionDeclarationException',
    message: /The field timeoutInMinutes of action 'Build' in stage 'Build' is only available to the manual approval action type/,
  },
];

describe('real pipeline definitions', () => {
  const servers = new Map<string, TestServer>();

  beforeAll(async () => {
    for (const region of new Set([...regions, ...broken.map((row) => row.region)])) {
      const server = await startTestServer({
        configure: (config) => {
          config.partition.region = region;
        },
      });
      // GitHub version 1 sources of the fixtures would otherwise be fetched from github.com (no network here):
      // map every repository to a port that refuses at once, so their first executions fail fast.
      writeFileSync(join(server.dataDir, 'github.json'), JSON.stringify({ baseUrl: 'http://127.0.0.1:9' }));
      servers.set(region, server);
    }
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.close();
  });

  function serverIn(region: string): TestServer {
    const server = servers.get(region);
    if (server === undefined) throw new Error(`No server in ${region}`);
    return server;
  }

  it('has at least 16 definitions, each with its source cited', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(16);
    for (const { name, meta } of fixtures) {
      expect(meta.source.repository, name).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(meta.source.path, name).not.toBe('');
      expect(meta.source.commit ?? meta.source.url, name).toBeDefined();
      expect(meta.translation, name).not.toBe('');
    }
  });

  it.each(fixtures.filter((fixture) => fixture.meta.expected.outcome === 'accepted').map((fixture) => [fixture.name, fixture] as const))(
    'accepts %s as AWS does',
    async (_name, fixture) => {
      const server = serverIn(fixture.meta.region);
      const created = await server.client.send(new CreatePipelineCommand(fixture.input));
      const declared = fixture.input.pipeline!;
      expect(created.pipeline?.name).toBe(declared.name);
      expect(created.pipeline?.stages?.map((stage) => stage.name)).toEqual(declared.stages?.map((stage) => stage.name));
      const stored = await server.client.send(new GetPipelineCommand({ name: declared.name! }));
      expect(stored.pipeline?.stages?.flatMap((stage) => stage.actions?.map((action) => action.name))).toEqual(
        declared.stages?.flatMap((stage) => stage.actions?.map((action) => action.name)),
      );
      // Secrets (GitHub's OAuthToken, Alexa's ClientSecret and RefreshToken) come back masked.
      for (const action of stored.pipeline?.stages?.flatMap((stage) => stage.actions ?? []) ?? []) {
        for (const secret of ['OAuthToken', 'ClientSecret', 'RefreshToken']) {
          if (action.configuration?.[secret] !== undefined) expect(action.configuration[secret], `${action.name}.${secret}`).toBe('****');
        }
      }
    },
  );

  it.each(fixtures.filter((fixture) => fixture.meta.expected.outcome === 'refused').map((fixture) => [fixture.name, fixture] as const))(
    'refuses %s as AWS does, storing nothing',
    async (_name, fixture) => {
      const server = serverIn(fixture.meta.region);
      const expected = fixture.meta.expected as { exception: string; message: string };
      // The accepted twin of a fixture as written may already hold its name: nothing of it may change.
      const before = await server.client.send(new ListPipelinesCommand({}));
      const error = await server.client.send(new CreatePipelineCommand(fixture.input)).then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );
      expect(error?.name).toBe(expected.exception);
      expect(error?.message).toContain(expected.message);
      expect((await server.client.send(new ListPipelinesCommand({}))).pipelines).toEqual(before.pipelines);
    },
  );

  it.each(broken.map((row) => [row.name, row] as const))('refuses %s, naming stage, action and field', async (_name, row) => {
    const server = serverIn(row.region);
    const input = row.input();
    const error = await server.client.send(new CreatePipelineCommand(input)).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.name).toBe(row.exception);
    expect(error?.message).toMatch(row.message);
    await expect(server.client.send(new GetPipelineCommand({ name: input.pipeline!.name! }))).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });
});
