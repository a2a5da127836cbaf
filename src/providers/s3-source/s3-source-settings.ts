import type { ActionJob, FailureType } from '../../core/contracts/action-provider.js';

/** The run failed for a reason the pipeline's owner can act on; `failureType` says which. */
export class S3SourceFailure extends Error {
  override readonly name = 'S3SourceFailure';

  constructor(
    readonly failureType: FailureType,
    message: string,
  ) {
    super(message);
  }
}

export interface S3SourceSettings {
  bucket: string;
  key: string;
  /** A version pinned by sourceRevisions (S3_OBJECT_VERSION_ID); the latest version otherwise. */
  versionId?: string;
  artifactName: string;
}

/**
 * What an S3 source job reads: S3Bucket and S3ObjectKey, or the pins of StartPipelineExecution's
 * sourceRevisions: S3_OBJECT_VERSION_ID names a version, S3_OBJECT_KEY another key (only when the
 * action allows it with AllowOverrideForS3ObjectKey true), both together a version of that key.
 */
export function s3SourceSettings(job: ActionJob): S3SourceSettings {
  const { S3Bucket: bucket = '', S3ObjectKey: configuredKey = '', AllowOverrideForS3ObjectKey: allowKey = 'false' } = job.action.configuration;
  const where = `action ${job.action.name}`;
  if (bucket === '') throw new S3SourceFailure('ConfigurationError', `The ${where} has no S3Bucket.`);
  if (configuredKey === '') throw new S3SourceFailure('ConfigurationError', `The ${where} has no S3ObjectKey.`);
  const artifactName = job.outputArtifacts[0]?.name;
  if (artifactName === undefined) throw new S3SourceFailure('ConfigurationError', `The source ${where} declares no output artifact.`);
  let key = configuredKey;
  let versionId: string | undefined;
  for (const pin of job.pinnedRevision ?? []) {
    switch (pin.revisionType) {
      case 'S3_OBJECT_VERSION_ID':
        versionId = pin.revisionValue;
        break;
      case 'S3_OBJECT_KEY':
        if (allowKey.trim().toLowerCase() !== 'true') {
          throw new S3SourceFailure(
            'ConfigurationError',
            `The ${where} was started with an S3_OBJECT_KEY source revision, which takes AllowOverrideForS3ObjectKey set to true in its configuration.`,
          );
        }
        key = pin.revisionValue;
        break;
      case 'COMMIT_ID':
      case 'IMAGE_DIGEST':
        throw new S3SourceFailure('ConfigurationError', `The S3 source ${where} takes S3_OBJECT_VERSION_ID and S3_OBJECT_KEY source revisions, not ${pin.revisionType}.`);
    }
  }
  return { bucket, key, artifactName, ...(versionId !== undefined ? { versionId } : {}) };
}
