import { actionType, bounds, minutes, optional, required, userGuide } from './define.js';

/** Amazon S3 deploy: the input artifact into a bucket, unzipped or as one object. */
export const s3Deploy = actionType({
  category: 'Deploy',
  provider: 'S3',
  description: 'Deploys the input artifact to an Amazon S3 bucket, extracted or as a zip object.',
  documentation: `${userGuide}/action-reference-S3Deploy.html`,
  properties: [
    required('BucketName', 'The name of the bucket the files are deployed to.'),
    required('Extract', 'true to extract the artifact before the upload, false to upload the zip (then ObjectKey is required).', { type: 'Boolean' }),
    optional('ObjectKey', 'The key prefix of the extracted files, or the key of the zip; required when Extract is false.'),
    optional('KMSEncryptionKeyARN', 'The ARN of the AWS KMS key the objects are encrypted with.'),
    optional('CannedACL', 'The canned ACL applied to the deployed objects.'),
    optional('CacheControl', 'The Cache-Control header of the deployed objects.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
  // "Amazon S3 deployment action: 90 minutes" (Quotas in AWS CodePipeline).
  defaultTimeoutMinutes: 90 * minutes,
});
