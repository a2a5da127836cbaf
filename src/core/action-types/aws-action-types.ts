import type { ActionTypeSpec, ActionConfigurationPropertySpec } from './types.js';

/**
 * The AWS-owned action types Pipewright runs, with AWS's configuration properties, artifact bounds and
 * default timeouts (CodePipeline user guide, action structure reference and quotas). They are listed by
 * ListActionTypes even where the provider's implementation lives in a later part of the engine.
 */

function prop(
  name: string,
  required: boolean,
  description: string,
  flags: { key?: boolean; secret?: boolean; queryable?: boolean; type?: 'String' | 'Number' | 'Boolean' } = {},
): ActionConfigurationPropertySpec {
  return {
    name,
    required,
    key: flags.key ?? false,
    secret: flags.secret ?? false,
    queryable: flags.queryable ?? false,
    description,
    type: flags.type ?? 'String',
  };
}

const hour = 60;
const day = 24 * hour;

const codeBuild = (category: 'Build' | 'Test'): ActionTypeSpec => ({
  id: { category, owner: 'AWS', provider: 'CodeBuild', version: '1' },
  description: 'Runs a CodeBuild-compatible buildspec on the Pipewright host.',
  settings: {},
  configurationProperties: [
    prop('ProjectName', true, 'The build project; without a Pipewright project, buildspec.yml of the primary source is used.', { key: true }),
    prop('PrimarySource', false, 'The input artifact whose directory holds the buildspec (required with more than one input).'),
    prop('BatchEnabled', false, 'Batch builds (not supported yet).', { type: 'Boolean' }),
    prop('CombineArtifacts', false, 'Combine batch build artifacts (needs BatchEnabled).', { type: 'Boolean' }),
    prop('EnvironmentVariables', false, 'A JSON array of {name, value, type} with type PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER.'),
  ],
  inputArtifacts: { minimumCount: 1, maximumCount: 5 },
  outputArtifacts: { minimumCount: 0, maximumCount: 5 },
  defaultTimeoutMinutes: 8 * hour,
  v2Only: false,
  acceptsCommands: false,
  acceptsTimeoutInMinutes: false,
});

export const awsActionTypes: readonly ActionTypeSpec[] = [
  {
    id: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
    description: 'A git repository served by Pipewright at <data-dir>/repos/<RepositoryName>.',
    settings: {},
    configurationProperties: [
      prop('RepositoryName', true, 'The repository under <data-dir>/repos.', { key: true }),
      prop('BranchName', true, 'The branch to release.', { key: true }),
      prop('PollForSourceChanges', false, 'Poll the branch for new commits (default true).', { type: 'Boolean' }),
      prop('OutputArtifactFormat', false, 'CODE_ZIP (default) or CODEBUILD_CLONE_REF (a full clone with history).'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    outputArtifacts: { minimumCount: 1, maximumCount: 1 },
    defaultTimeoutMinutes: hour,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
  {
    id: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    description: 'A repository on a git host that a Pipewright connection maps to a base URL.',
    settings: {},
    configurationProperties: [
      prop('ConnectionArn', true, 'The connection, mapped by Pipewright configuration to a git host.', { key: true }),
      prop('FullRepositoryId', true, 'owner/repository on the git host.', { key: true }),
      prop('BranchName', true, 'The branch to release.', { key: true }),
      prop('OutputArtifactFormat', false, 'CODE_ZIP (default) or CODEBUILD_CLONE_REF.'),
      prop('DetectChanges', false, 'Start the pipeline when the branch changes (default true).', { type: 'Boolean' }),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    outputArtifacts: { minimumCount: 1, maximumCount: 1 },
    defaultTimeoutMinutes: hour,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
  {
    id: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
    description: 'A zip object in a bucket of the object store.',
    settings: {},
    configurationProperties: [
      prop('S3Bucket', true, 'The (versioned) bucket.', { key: true }),
      prop('S3ObjectKey', true, 'The key of the zip object.', { key: true }),
      prop('PollForSourceChanges', false, 'Poll the object for new versions (default true).', { type: 'Boolean' }),
      prop('AllowOverrideForS3ObjectKey', false, 'Allow S3_OBJECT_KEY source revision overrides.', { type: 'Boolean' }),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    outputArtifacts: { minimumCount: 1, maximumCount: 1 },
    defaultTimeoutMinutes: hour,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
  codeBuild('Build'),
  codeBuild('Test'),
  {
    id: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
    description: 'Runs the action-level commands like a one-phase build.',
    settings: {},
    configurationProperties: [],
    inputArtifacts: { minimumCount: 1, maximumCount: 10 },
    outputArtifacts: { minimumCount: 0, maximumCount: 1 },
    defaultTimeoutMinutes: 55,
    v2Only: true,
    acceptsCommands: true,
    acceptsTimeoutInMinutes: false,
  },
  {
    id: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
    description: 'Waits for a person to approve or reject.',
    settings: {},
    configurationProperties: [
      prop('NotificationArn', false, 'A notification target configured in Pipewright.'),
      prop('ExternalEntityLink', false, 'A link for the reviewer.'),
      prop('CustomData', false, 'Comments for the reviewer.'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    outputArtifacts: { minimumCount: 0, maximumCount: 0 },
    defaultTimeoutMinutes: 7 * day,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: true,
  },
  {
    id: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
    description: 'Runs a local function from <data-dir>/functions/<FunctionName> with the CodePipeline job event.',
    settings: {},
    configurationProperties: [
      prop('FunctionName', true, 'The function under <data-dir>/functions.', { key: true }),
      prop('UserParameters', false, 'A string passed to the function.'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    outputArtifacts: { minimumCount: 0, maximumCount: 5 },
    // AWS's quota: 24 hours in all, each invocation answering within 20 minutes (the provider's reply window).
    defaultTimeoutMinutes: day,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
  {
    id: { category: 'Invoke', owner: 'AWS', provider: 'CodePipeline', version: '1' },
    description: 'Starts another pipeline.',
    settings: {},
    configurationProperties: [
      prop('PipelineName', true, 'The pipeline to start.', { key: true }),
      prop('SourceRevisions', false, 'A JSON array of source revision overrides.'),
      prop('Variables', false, 'A JSON array of {name, value} pipeline variables.'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    outputArtifacts: { minimumCount: 0, maximumCount: 0 },
    defaultTimeoutMinutes: hour,
    // "This action is only supported for V2 type pipelines" (action reference, PipelineInvoke).
    v2Only: true,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
  {
    id: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
    description: 'Deploys the input artifact into a bucket of the object store.',
    settings: {},
    configurationProperties: [
      prop('BucketName', true, 'The bucket to deploy to.', { key: true }),
      prop('Extract', true, 'true: unpack the artifact under ObjectKey; false: store the zip at ObjectKey.', { type: 'Boolean' }),
      prop('ObjectKey', false, 'The key prefix (Extract=true) or the key of the zip (Extract=false).'),
      prop('KMSEncryptionKeyARN', false, 'A KMS key (recorded; the local store does not encrypt).'),
      prop('CannedACL', false, 'Kept as object metadata.'),
      prop('CacheControl', false, 'Kept as object metadata.'),
    ],
    inputArtifacts: { minimumCount: 1, maximumCount: 1 },
    outputArtifacts: { minimumCount: 0, maximumCount: 0 },
    defaultTimeoutMinutes: 90,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  },
];
