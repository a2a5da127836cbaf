import { parseCodePipelineArn, type CodePipelineResource, type Partition } from '../../core/arn.js';
import { actionCategories, type ActionCategory } from '../../core/declaration/types.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import { awsMessages, PipewrightError } from '../../core/errors/index.js';

/**
 * Whether a resource of ours exists, by kind of ARN. A new taggable resource changes its case here
 * and nothing else.
 */
async function resourceExists(resource: CodePipelineResource, store: StoreOperations): Promise<boolean> {
  switch (resource.kind) {
    case 'pipeline':
      return (await store.getPipeline(resource.name)) !== undefined;
    case 'actionType': {
      if (!isActionCategory(resource.category)) return false;
      const record = await store.getCustomActionType({ category: resource.category, provider: resource.provider, version: resource.version });
      return record !== undefined && record.deletedAt === undefined;
    }
    case 'webhook':
      return (await store.getWebhook(resource.name)) !== undefined;
  }
}

/**
 * The resource a tagging call names. InvalidArnException for an ARN that is not one of ours (another
 * service, region or account, or no resource kind we know); ResourceNotFoundException for one of ours
 * that does not exist.
 */
export async function resolveTaggableResource(arn: string, partition: Partition, store: StoreOperations): Promise<CodePipelineResource> {
  const resource = parseCodePipelineArn(arn, partition);
  if (resource === undefined) {
    throw new PipewrightError(
      'InvalidArnException',
      `The ARN ${arn} does not name a CodePipeline resource of account ${partition.accountId} in region ${partition.region}.`,
    );
  }
  if (!(await resourceExists(resource, store))) {
    const message = resource.kind === 'pipeline' ? awsMessages.taggedPipelineNotFound(partition.accountId, resource.name) : `No ${kindName[resource.kind]} exists with the ARN ${arn}.`;
    throw new PipewrightError('ResourceNotFoundException', message);
  }
  return resource;
}

const kindName: Record<CodePipelineResource['kind'], string> = { pipeline: 'pipeline', actionType: 'custom action type', webhook: 'webhook' };

function isActionCategory(value: string): value is ActionCategory {
  return (actionCategories as readonly string[]).includes(value);
}
