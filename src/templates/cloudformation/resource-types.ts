/**
 * What `Ref` and `Fn::GetAtt` return for the resources a pipeline's template usually creates beside it
 * (each row after the resource's "Return values" in the AWS CloudFormation Template Reference). A
 * resource's name is the one its template sets (`nameProperty`), one given with --resource-name, or
 * one made up from the stack name and logical id, as CloudFormation makes one up when none is set
 * (CloudFormation adds a random suffix; this one is left out so translations repeat).
 */
export interface ResourceFacts {
  name: string;
  partition: string;
  region: string;
  accountId: string;
}

export interface ResourceKind {
  /** The property that names the resource, when the template sets it. */
  nameProperty?: string;
  /** Names CloudFormation makes up for this type are lower case (S3 buckets, ECR repositories). */
  lowerCase?: boolean;
  maxNameLength?: number;
  /** What `Ref` returns. */
  ref: (facts: ResourceFacts) => string;
  /** `Fn::GetAtt` attributes this translation can compute. */
  attributes: Readonly<Record<string, (facts: ResourceFacts) => string>>;
}

type Facts = ResourceFacts;
const arn = (service: string, resource: (facts: Facts) => string, options: { global?: boolean; noAccount?: boolean } = {}) =>
  (facts: Facts): string =>
    `arn:${facts.partition}:${service}:${options.global === true ? '' : facts.region}:${options.noAccount === true ? '' : facts.accountId}:${resource(facts)}`;
const name = (facts: Facts): string => facts.name;
/** A fixed UUID-shaped id made from the name, for resources whose Ref is an id CloudFormation's service makes up. */
const idOf = (facts: Facts): string => uuidFrom(`${facts.accountId}:${facts.region}:${facts.name}`);

const bucketArn = arn('s3', name, { global: true, noAccount: true });
const roleArn = arn('iam', (facts) => `role/${facts.name}`, { global: true });
const connectionArn = (service: string) => arn(service, (facts) => `connection/${idOf(facts)}`);

export const resourceKinds: Readonly<Record<string, ResourceKind>> = {
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    lowerCase: true,
    maxNameLength: 63,
    ref: name,
    attributes: {
      Arn: bucketArn,
      DomainName: (facts) => `${facts.name}.s3.amazonaws.com`,
      RegionalDomainName: (facts) => `${facts.name}.s3.${facts.region}.amazonaws.com`,
      DualStackDomainName: (facts) => `${facts.name}.s3.dualstack.${facts.region}.amazonaws.com`,
      WebsiteURL: (facts) => `http://${facts.name}.s3-website-${facts.region}.amazonaws.com`,
    },
  },
  'AWS::IAM::Role': { nameProperty: 'RoleName', maxNameLength: 64, ref: name, attributes: { Arn: roleArn, RoleId: (facts) => `AROA${idOf(facts).replace(/-/g, '').slice(0, 17).toUpperCase()}` } },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', ref: arn('iam', (facts) => `policy/${facts.name}`, { global: true }), attributes: {} },
  'AWS::IAM::Policy': { nameProperty: 'PolicyName', ref: idOf, attributes: {} },
  'AWS::CodeBuild::Project': { nameProperty: 'Name', maxNameLength: 255, ref: name, attributes: { Arn: arn('codebuild', (facts) => `project/${facts.name}`) } },
  'AWS::CodeCommit::Repository': {
    nameProperty: 'RepositoryName',
    maxNameLength: 100,
    // Ref is the repository's id, not its name: templates name the repository with !GetAtt Repo.Name.
    ref: idOf,
    attributes: {
      Name: name,
      Arn: arn('codecommit', name),
      CloneUrlHttp: (facts) => `https://git-codecommit.${facts.region}.amazonaws.com/v1/repos/${facts.name}`,
      CloneUrlSsh: (facts) => `ssh://git-codecommit.${facts.region}.amazonaws.com/v1/repos/${facts.name}`,
    },
  },
  'AWS::CodeStarConnections::Connection': {
    nameProperty: 'ConnectionName',
    maxNameLength: 32,
    ref: connectionArn('codestar-connections'),
    attributes: { ConnectionArn: connectionArn('codestar-connections'), OwnerAccountId: (facts) => facts.accountId },
  },
  'AWS::CodeConnections::Connection': {
    nameProperty: 'ConnectionName',
    maxNameLength: 32,
    ref: connectionArn('codeconnections'),
    attributes: { ConnectionArn: connectionArn('codeconnections'), OwnerAccountId: (facts) => facts.accountId },
  },
  'AWS::CodePipeline::Pipeline': { nameProperty: 'Name', maxNameLength: 100, ref: name, attributes: { Version: () => '1' } },
  'AWS::CodePipeline::Webhook': { nameProperty: 'Name', maxNameLength: 100, ref: idOf, attributes: { Url: (facts) => `https://webhooks.invalid/${idOf(facts)}` } },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', maxNameLength: 256, ref: arn('sns', name), attributes: { TopicArn: arn('sns', name), TopicName: name } },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', maxNameLength: 64, ref: name, attributes: { Arn: arn('lambda', (facts) => `function:${facts.name}`) } },
  'AWS::Serverless::Function': { nameProperty: 'FunctionName', maxNameLength: 64, ref: name, attributes: { Arn: arn('lambda', (facts) => `function:${facts.name}`) } },
  'AWS::KMS::Key': { ref: idOf, attributes: { Arn: arn('kms', (facts) => `key/${idOf(facts)}`), KeyId: idOf } },
  'AWS::KMS::Alias': { nameProperty: 'AliasName', ref: name, attributes: {} },
  'AWS::ECR::Repository': {
    nameProperty: 'RepositoryName',
    lowerCase: true,
    maxNameLength: 256,
    ref: name,
    attributes: {
      Arn: arn('ecr', (facts) => `repository/${facts.name}`),
      RepositoryUri: (facts) => `${facts.accountId}.dkr.ecr.${facts.region}.amazonaws.com/${facts.name}`,
    },
  },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', ref: name, attributes: { Arn: arn('ecs', (facts) => `cluster/${facts.name}`) } },
  'AWS::ECS::Service': { nameProperty: 'ServiceName', ref: arn('ecs', (facts) => `service/${facts.name}`), attributes: { Name: name, ServiceArn: arn('ecs', (facts) => `service/${facts.name}`) } },
  'AWS::CodeDeploy::Application': { nameProperty: 'ApplicationName', ref: name, attributes: {} },
  'AWS::CodeDeploy::DeploymentGroup': { nameProperty: 'DeploymentGroupName', ref: name, attributes: {} },
  'AWS::ElasticBeanstalk::Application': { nameProperty: 'ApplicationName', ref: name, attributes: {} },
  'AWS::ElasticBeanstalk::Environment': { nameProperty: 'EnvironmentName', maxNameLength: 40, ref: name, attributes: {} },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    ref: arn('states', (facts) => `stateMachine:${facts.name}`),
    attributes: { Arn: arn('states', (facts) => `stateMachine:${facts.name}`), Name: name },
  },
  'AWS::SSM::Parameter': { nameProperty: 'Name', ref: name, attributes: {} },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: arn('secretsmanager', (facts) => `secret:${facts.name}`), attributes: { Id: arn('secretsmanager', (facts) => `secret:${facts.name}`) } },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: name, attributes: { Arn: arn('logs', (facts) => `log-group:${facts.name}:*`) } },
  'AWS::Events::Rule': { nameProperty: 'Name', maxNameLength: 64, ref: name, attributes: { Arn: arn('events', (facts) => `rule/${facts.name}`) } },
};

/** For a type not in the table: Ref is the name, `Arn` a plausible ARN; other attributes are unknown. */
export function genericKind(type: string): ResourceKind {
  const [, service = 'unknown', resource = 'resource'] = type.split('::');
  return {
    ref: name,
    attributes: { Arn: arn(service.toLowerCase(), (facts) => `${resource.toLowerCase()}/${facts.name}`) },
  };
}

/** A made-up name for a resource whose template sets none: `<stack>-<LogicalId>`, kept within the type's rules. */
export function defaultResourceName(kind: ResourceKind, stackName: string, logicalId: string): string {
  let text = `${stackName}-${logicalId}`;
  if (kind.lowerCase === true) text = text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  else text = text.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const max = kind.maxNameLength ?? 128;
  return text.length > max ? text.slice(0, max).replace(/[-.]+$/, '') : text;
}

/** A UUID-shaped id derived from `seed` (FNV-1a over four lanes): fixed for a seed, so translations repeat. */
export function uuidFrom(seed: string): string {
  const lanes = [0x811c9dc5, 0x01000193, 0x12345678, 0x9e3779b9].map((start, lane) => {
    let hash = start ^ lane;
    for (let index = 0; index < seed.length; index += 1) {
      hash ^= seed.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return (hash >>> 0).toString(16).padStart(8, '0');
  });
  const hex = lanes.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
