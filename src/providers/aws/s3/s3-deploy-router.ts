import { S3Client } from '@aws-sdk/client-s3';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';
import { DeployConfigurationError, readS3DeployConfiguration } from '../../s3-deploy/s3-deploy-configuration.js';
import { bucketOnAws, s3ClientConfig, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { deployToS3 } from './s3-deploy-on-aws.js';

// Beside the settings, which load no SDK client: change detection asks it at every poll.
export { bucketOnAws } from '../shared/aws-client-settings.js';

/**
 * Deploy/AWS/S3 for both kinds of bucket: the buckets the settings name are real S3 buckets, deployed
 * to with the AWS SDK; every other bucket stays the local object store's (the `local` provider).
 */
export class S3DeployRouter implements ActionProvider {
  readonly actionTypes;
  readonly rerunnable;

  constructor(
    private readonly local: ActionProvider,
    private readonly settings: AwsProviderSettings,
  ) {
    this.actionTypes = local.actionTypes;
    this.rerunnable = local.rerunnable;
  }

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    const bucket = job.action.configuration.BucketName ?? '';
    if (!bucketOnAws(bucket, this.settings)) return this.local.run(job, tools, signal);
    const s3 = new S3Client(s3ClientConfig(job.action.region));
    try {
      return await deployToS3(job, tools, readS3DeployConfiguration(job.action.configuration), s3, signal);
    } catch (error) {
      signal.throwIfAborted();
      const failure = error instanceof DeployConfigurationError ? { status: 'Failed' as const, failureType: 'ConfigurationError' as const, message: error.message } : awsFailure(error, awsServices.s3, job.action.region);
      tools.log.line('system', `Deploy FAILED: ${failure.message}`);
      return failure;
    } finally {
      s3.destroy();
    }
  }
}
