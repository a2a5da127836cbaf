/**
 * CloudFormation's pseudo parameters (AWS CloudFormation User Guide, "Pseudo parameters reference"),
 * computed for the account, region and stack name the translation is given. `AWS::NoValue` is not a
 * value but the instruction to drop the property or list item; the evaluator handles it.
 */
export interface StackSettings {
  region: string;
  accountId: string;
  stackName: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The pseudo parameters and their values; `AWS::NotificationARNs` is a list, the others strings. */
export function pseudoParameters(stack: StackSettings): ReadonlyMap<string, string | string[]> {
  const partition = partitionOf(stack.region);
  return new Map<string, string | string[]>([
    ['AWS::AccountId', stack.accountId],
    ['AWS::Region', stack.region],
    ['AWS::StackName', stack.stackName],
    // A stack's id ends in a UUID CloudFormation makes up; this one is fixed, so translations repeat.
    ['AWS::StackId', `arn:${partition}:cloudformation:${stack.region}:${stack.accountId}:stack/${stack.stackName}/00000000-0000-0000-0000-000000000000`],
    ['AWS::Partition', partition],
    ['AWS::URLSuffix', urlSuffixOf(stack.region)],
    ['AWS::NotificationARNs', []],
  ]);
}

export const noValue = 'AWS::NoValue';
