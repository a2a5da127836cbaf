import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';
import type { ObjectStore } from '../../../core/contracts/object-store.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { bucketOnAws } from './s3-deploy-router.js';

/** Real S3 buckets seen as an ObjectStore, for one region; `close` releases the client. */
export type AwsObjectStores = (region: string) => { objects: ObjectStore; close: () => void };

/**
 * Source/AWS/S3 for both kinds of bucket: the local provider reads the object through `tools.objects`,
 * so for a bucket PIPEWRIGHT_AWS_S3_BUCKETS names it gets the real S3 buckets (through the SDK's
 * credentials and endpoint) in their place, and reads, unzips and pins versions exactly as it does
 * locally. A failure of S3 itself (no credentials, access denied) fails the action saying so.
 */
export class S3SourceRouter implements ActionProvider {
  readonly actionTypes;
  readonly rerunnable;

  constructor(
    private readonly local: ActionProvider,
    private readonly settings: AwsProviderSettings,
    private readonly awsObjects: AwsObjectStores,
  ) {
    this.actionTypes = local.actionTypes;
    this.rerunnable = local.rerunnable;
  }

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    if (!bucketOnAws(job.action.configuration.S3Bucket ?? '', this.settings)) return this.local.run(job, tools, signal);
    const onAws = this.awsObjects(job.action.region);
    try {
      return await this.local.run(job, { ...tools, objects: onAws.objects }, signal);
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.s3, job.action.region);
      tools.log.line('system', `S3 source FAILED: ${failure.message}`);
      return failure;
    } finally {
      onAws.close();
    }
  }
}
