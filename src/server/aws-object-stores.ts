import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../artifacts/s3/s3-object-store.js';
import type { AwsObjectStores } from '../providers/aws/s3/s3-source-router.js';
import { s3ClientConfig } from '../providers/aws/shared/aws-client-settings.js';

/**
 * Real S3 buckets as ObjectStores, for the S3 actions and change detection of the buckets
 * PIPEWRIGHT_AWS_S3_BUCKETS names: the artifact layer's S3 object store on a client with the SDK's own
 * credentials and endpoint settings, in the action's region.
 */
export const awsObjectStores: AwsObjectStores = (region) => {
  const client = new S3Client(s3ClientConfig(region));
  return { objects: new S3ObjectStore(client, join(tmpdir(), 'pipewright-aws-s3')), close: () => client.destroy() };
};
