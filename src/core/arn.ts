/** Where Pipewright pretends to live: the region and 12-digit account that every ARN carries. */
export interface Partition {
  region: string;
  accountId: string;
}

export function pipelineArn(at: Partition, pipelineName: string): string {
  return `arn:aws:codepipeline:${at.region}:${at.accountId}:${pipelineName}`;
}

export function webhookArn(at: Partition, webhookName: string): string {
  return `arn:aws:codepipeline:${at.region}:${at.accountId}:webhook:${webhookName}`;
}

export function customActionTypeArn(
  at: Partition,
  id: { category: string; provider: string; version: string },
): string {
  return `arn:aws:codepipeline:${at.region}:${at.accountId}:actionType:custom/${id.category}/${id.provider}/${id.version}`;
}

/** The resource an ARN of ours names, or undefined when it is not one of ours (InvalidArnException). */
export type CodePipelineResource =
  | { kind: 'pipeline'; name: string }
  | { kind: 'webhook'; name: string }
  | { kind: 'actionType'; category: string; provider: string; version: string };

const arnPattern = /^arn:aws(-[\w]+)*:codepipeline:([^:]+):([0-9]{12}):(.+)$/;

export function parseCodePipelineArn(arn: string, at: Partition): CodePipelineResource | undefined {
  const match = arnPattern.exec(arn);
  if (!match) return undefined;
  const [, , region, account, resource] = match;
  if (region !== at.region || account !== at.accountId || resource === undefined) return undefined;
  if (resource.startsWith('webhook:')) return { kind: 'webhook', name: resource.slice('webhook:'.length) };
  if (resource.startsWith('actionType:custom/')) {
    const [category, provider, version, ...rest] = resource.slice('actionType:custom/'.length).split('/');
    if (!category || !provider || !version || rest.length > 0) return undefined;
    return { kind: 'actionType', category, provider, version };
  }
  if (resource.includes(':') || resource.includes('/')) return undefined;
  return { kind: 'pipeline', name: resource };
}
