import type { Partition } from '../../core/arn.js';
import type { JobRecord } from '../../core/contracts/store.js';
import type { ArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { jobData } from '../../core/jobs/job-data.js';
import type * as wire from '../wire/shapes.js';

/**
 * A job as CodePipeline's job-worker API shows it (PollForJobs, GetJobDetails and their third-party
 * variants): the action's configuration, its pipeline context, where to read inputs and write outputs,
 * and credentials for them.
 */
export function presentJobData(record: JobRecord, partition: Partition, credentials: ArtifactCredentials): wire.JobData {
  return jobData(record.job, partition, credentials);
}

export function presentJob(record: JobRecord, partition: Partition, credentials: ArtifactCredentials): wire.Job {
  return {
    id: record.id,
    data: presentJobData(record, partition, credentials),
    ...(record.nonce !== undefined ? { nonce: record.nonce } : {}),
    accountId: partition.accountId,
  };
}
