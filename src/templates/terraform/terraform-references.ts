import { partitionOf } from '../cloudformation/pseudo-parameters.js';
import { uuidFrom } from '../cloudformation/resource-types.js';

/**
 * What a reference to a resource of the configuration (`aws_s3_bucket.artifacts.bucket`) stands for,
 * per resource type: the argument that names it, and its attributes (the AWS provider's "Attribute
 * Reference" of each resource). Names come from --resource-name, the resource's own argument, or the
 * resource's label.
 */
interface Facts {
  name: string;
  region: string;
  accountId: string;
  partition: string;
}

interface TerraformKind {
  nameArgument: string;
  attributes: Readonly<Record<string, (facts: Facts) => string>>;
}

const arn = (service: string, resource: (facts: Facts) => string, global = false) => (facts: Facts): string =>
  `arn:${facts.partition}:${service}:${global ? '' : facts.region}:${service === 's3' ? '' : facts.accountId}:${resource(facts)}`;
const name = (facts: Facts): string => facts.name;
const connection = (service: string) => arn(service, (facts) => `connection/${uuidFrom(`${facts.accountId}:${facts.region}:${facts.name}`)}`);

export const terraformKinds: Readonly<Record<string, TerraformKind>> = {
  aws_s3_bucket: { nameArgument: 'bucket', attributes: { bucket: name, id: name, arn: arn('s3', name, true), bucket_domain_name: (facts) => `${facts.name}.s3.amazonaws.com` } },
  aws_iam_role: { nameArgument: 'name', attributes: { name, id: name, arn: arn('iam', (facts) => `role/${facts.name}`, true) } },
  aws_codebuild_project: { nameArgument: 'name', attributes: { name, id: arn('codebuild', (facts) => `project/${facts.name}`), arn: arn('codebuild', (facts) => `project/${facts.name}`) } },
  aws_codecommit_repository: {
    nameArgument: 'repository_name',
    attributes: {
      repository_name: name,
      id: name,
      arn: arn('codecommit', name),
      clone_url_http: (facts) => `https://git-codecommit.${facts.region}.amazonaws.com/v1/repos/${facts.name}`,
    },
  },
  aws_codestarconnections_connection: { nameArgument: 'name', attributes: { name, id: connection('codestar-connections'), arn: connection('codestar-connections') } },
  aws_codeconnections_connection: { nameArgument: 'name', attributes: { name, id: connection('codeconnections'), arn: connection('codeconnections') } },
  aws_codepipeline: { nameArgument: 'name', attributes: { name, id: name, arn: arn('codepipeline', name) } },
  aws_sns_topic: { nameArgument: 'name', attributes: { name, id: arn('sns', name), arn: arn('sns', name) } },
  aws_lambda_function: { nameArgument: 'function_name', attributes: { function_name: name, id: name, arn: arn('lambda', (facts) => `function:${facts.name}`) } },
  aws_ecr_repository: {
    nameArgument: 'name',
    attributes: { name, id: name, arn: arn('ecr', (facts) => `repository/${facts.name}`), repository_url: (facts) => `${facts.accountId}.dkr.ecr.${facts.region}.amazonaws.com/${facts.name}` },
  },
  aws_ecs_cluster: { nameArgument: 'name', attributes: { name, id: arn('ecs', (facts) => `cluster/${facts.name}`), arn: arn('ecs', (facts) => `cluster/${facts.name}`) } },
  aws_ecs_service: { nameArgument: 'name', attributes: { name, id: arn('ecs', (facts) => `service/${facts.name}`) } },
  aws_codedeploy_app: { nameArgument: 'name', attributes: { name, id: name } },
  aws_codedeploy_deployment_group: { nameArgument: 'deployment_group_name', attributes: { deployment_group_name: name } },
  aws_kms_key: { nameArgument: 'description', attributes: { key_id: (facts) => uuidFrom(facts.name), id: (facts) => uuidFrom(facts.name), arn: arn('kms', (facts) => `key/${uuidFrom(facts.name)}`) } },
};

/** Data sources whose value is the translation's own settings. */
export function dataSourceValue(type: string, attribute: string, settings: { region: string; accountId: string }): string | undefined {
  if (type === 'aws_caller_identity' && attribute === 'account_id') return settings.accountId;
  if (type === 'aws_region' && (attribute === 'name' || attribute === 'region' || attribute === 'id')) return settings.region;
  if (type === 'aws_partition' && attribute === 'partition') return partitionOf(settings.region);
  return undefined;
}

export function resourceAttribute(type: string, attribute: string, facts: Omit<Facts, 'partition'>): string | undefined {
  const compute = terraformKinds[type]?.attributes[attribute];
  return compute?.({ ...facts, partition: partitionOf(facts.region) });
}
