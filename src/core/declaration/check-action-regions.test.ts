import { describe, expect, it } from 'vitest';
import type { ActionDeclaration, PipelineDeclaration } from './types.js';
import { codeBuild, codeCommitSource, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

/**
 * The `region` of actions. Sources: "You cannot create cross-Region actions for the following action
 * types: Source actions, Actions by third-party providers, Actions by custom providers" (user guide,
 * actions-create-cross-region); the Amazon S3 source reference declares `Region: us-west-2` on its
 * source (action-reference-S3), and awsdocs/aws-codepipeline-user-guide#45 reports S3 sources as the
 * exception; the CreatePipeline reference: "If you create a cross-region action in your pipeline, you
 * must use artifactStores".
 */
const store = { type: 'S3' as const, location: 'artifacts' };
const stores = { 'us-east-1': store, 'us-west-2': { type: 'S3' as const, location: 'artifacts-oregon' } };

function s3Source(extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'Source',
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
    configuration: { S3Bucket: 'my-bucket-oregon', S3ObjectKey: 'my-application.zip', PollForSourceChanges: 'false' },
    outputArtifacts: [{ name: 'Src' }],
    ...extra,
  };
}

function gitHubV1(extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'GitHub',
    actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
    configuration: { Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'ghp_token' },
    outputArtifacts: [{ name: 'Src' }],
    ...extra,
  };
}

function twoStages(source: ActionDeclaration, build: ActionDeclaration, extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return pipeline([{ name: 'Source', actions: [source] }, { name: 'Build', actions: [build] }], extra);
}

const crossRegion = { artifactStore: undefined, artifactStores: stores };

const cases: RefusalCase[] = [
  {
    name: 'a CodeCommit source in another region',
    declaration: () => twoStages(codeCommitSource('Checkout', 'Src', { region: 'us-west-2' }), codeBuild('Compile', ['Src']), crossRegion),
    code: 'InvalidActionDeclarationException',
    message: /Action 'Checkout' in stage 'Source' declares region us-west-2, but the pipeline's region is us-east-1: actions of type Source\/AWS\/CodeCommit\/1 cannot be cross-region/,
  },
  {
    name: 'a GitHub (version 1, ThirdParty) source in another region',
    declaration: () => twoStages(gitHubV1({ region: 'us-west-2' }), codeBuild('Compile', ['Src']), crossRegion),
    code: 'InvalidActionDeclarationException',
    message: /Action 'GitHub' in stage 'Source' declares region us-west-2.*Source\/ThirdParty\/GitHub\/1 cannot be cross-region/,
  },
  {
    name: 'a custom action in another region',
    declaration: () =>
      twoStages(
        codeCommitSource('Checkout', 'Src'),
        { name: 'Jenkins', actionTypeId: { category: 'Build', owner: 'Custom', provider: 'Jenkins', version: '1' }, configuration: { ProjectName: 'app' }, inputArtifacts: [{ name: 'Src' }], region: 'us-west-2' },
        crossRegion,
      ),
    code: 'InvalidActionDeclarationException',
    message: /Action 'Jenkins' in stage 'Build' declares region us-west-2.*Build\/Custom\/Jenkins\/1 cannot be cross-region/,
  },
  {
    name: 'an action region that is no AWS Region',
    declaration: () => twoStages(codeCommitSource('Checkout', 'Src'), codeBuild('Compile', ['Src'], [], { region: 'RegionB' }), crossRegion),
    code: 'ValidationException',
    message: /The region RegionB of action 'Compile' in stage 'Build' is not a valid AWS Region/,
  },
  {
    name: 'an artifactStores key that is no AWS Region',
    declaration: () => twoStages(codeCommitSource('Checkout', 'Src'), codeBuild('Compile', ['Src']), { artifactStore: undefined, artifactStores: { 'us-east-1': store, RegionB: store } }),
    code: 'ValidationException',
    // AWS: "The region af-south-1 specified in 'pipeline.artifactStores' is not a valid AWS Region." (aws/aws-cdk#15650)
    message: /The region RegionB specified in 'pipeline.artifactStores' is not a valid AWS Region/,
  },
  {
    name: 'a cross-region S3 source without a store for its region',
    declaration: () => twoStages(s3Source({ region: 'us-west-2' }), codeBuild('Compile', ['Src']), { artifactStore: undefined, artifactStores: { 'us-east-1': store } }),
    code: 'InvalidStructureException',
    message: /Action 'Source' in stage 'Source' runs in region us-west-2, but artifactStores has no store for that region/,
  },
];

describe('action regions', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("accepts a region equal to the pipeline's on any action, source, third-party and custom ones too", () => {
    const declaration = twoStages(gitHubV1({ region: 'us-east-1' }), codeBuild('Compile', ['Src'], [], { region: 'us-east-1' }));
    const accepted = validatePipelineDeclaration(declaration, declarationContext());
    expect(accepted.stages.map((stage) => stage.actions[0]?.region)).toEqual(['us-east-1', 'us-east-1']);
  });

  it('accepts an Amazon S3 source in another region when artifactStores has a store there (the action reference example)', () => {
    const accepted = validatePipelineDeclaration(twoStages(s3Source({ region: 'us-west-2' }), codeBuild('Compile', ['Src']), crossRegion), declarationContext());
    expect(accepted.stages[0]?.actions[0]?.region).toBe('us-west-2');
  });

  it('accepts artifactStores for regions no action uses yet', () => {
    const accepted = validatePipelineDeclaration(twoStages(codeCommitSource('Checkout', 'Src'), codeBuild('Compile', ['Src']), crossRegion), declarationContext());
    expect(Object.keys(accepted.artifactStores ?? {})).toEqual(['us-east-1', 'us-west-2']);
  });
});
