import type { Partition } from '../../core/arn.js';

export const iamUserArn = (at: Partition, path: string, name: string): string => `arn:aws:iam::${at.accountId}:user${path}${name}`;
export const iamGroupArn = (at: Partition, path: string, name: string): string => `arn:aws:iam::${at.accountId}:group${path}${name}`;
