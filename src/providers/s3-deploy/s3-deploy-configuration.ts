/**
 * The configuration of an S3 deploy action (Deploy/AWS/S3), read and checked: the bucket, whether to
 * extract, the key (a prefix when extracting, the zip's key otherwise), and what becomes object
 * metadata. A mistake is a DeployConfigurationError, which fails the action with ConfigurationError.
 */
export interface S3DeployConfiguration {
  bucket: string;
  extract: boolean;
  /** Extract: the prefix the files land under ('' for the bucket's root); otherwise the zip's key. */
  objectKey: string;
  cacheControl?: string;
  /** Kept on every deployed object, as S3 keeps the ACL and the encryption key's id. */
  metadata: Record<string, string>;
}

export class DeployConfigurationError extends Error {
  override readonly name = 'DeployConfigurationError';
}

const cannedAcls = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

export function readS3DeployConfiguration(configuration: Readonly<Record<string, string>>): S3DeployConfiguration {
  const bucket = configuration.BucketName;
  if (bucket === undefined || bucket === '') throw new DeployConfigurationError('BucketName is required: the bucket to deploy to.');
  const extractText = (configuration.Extract ?? '').toLowerCase();
  if (extractText !== 'true' && extractText !== 'false') {
    throw new DeployConfigurationError(`Extract must be true or false; it is ${JSON.stringify(configuration.Extract ?? '')}.`);
  }
  const extract = extractText === 'true';
  const objectKey = (configuration.ObjectKey ?? '').replace(/^\/+/, '');
  if (!extract && objectKey === '') throw new DeployConfigurationError('ObjectKey is required when Extract is false: the key the zip is stored at.');
  const acl = configuration.CannedACL;
  if (acl !== undefined && !(cannedAcls as readonly string[]).includes(acl)) {
    throw new DeployConfigurationError(`CannedACL ${JSON.stringify(acl)} is not one of S3's canned ACLs: ${cannedAcls.join(', ')}.`);
  }
  const kmsKey = configuration.KMSEncryptionKeyARN;
  return {
    bucket,
    extract,
    objectKey: objectKey.replace(/\/+$/, ''),
    ...(configuration.CacheControl !== undefined ? { cacheControl: configuration.CacheControl } : {}),
    metadata: {
      ...(acl !== undefined ? { 'x-amz-acl': acl } : {}),
      ...(kmsKey !== undefined ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kmsKey } : {}),
    },
  };
}
