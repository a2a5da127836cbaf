import type { ArtifactRef } from '../../core/contracts/artifact-store.js';
import type { JobOutputRecord, JobRecord, JobStatus } from '../../core/contracts/store.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import type { JobOutputsTable, JobsTable } from '../schema.js';

export function jobRecord(row: JobsTable): JobRecord {
  return {
    id: row.id,
    pipelineName: row.pipeline_name,
    executionId: row.execution_id,
    stageName: row.stage_name,
    actionName: row.action_name,
    actionExecutionId: row.action_execution_id,
    actionTypeId: { category: row.category, owner: row.owner, provider: row.provider, version: row.version } as JobTypeId,
    status: row.status as JobStatus,
    job: JSON.parse(row.job) as JobRecord['job'],
    created: row.created,
    updated: row.updated,
    ...(row.nonce !== null ? { nonce: row.nonce } : {}),
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    ...(row.worker_id !== null ? { workerId: row.worker_id } : {}),
    ...(row.lease_until !== null ? { leaseUntil: row.lease_until } : {}),
    ...(row.end_reason !== null ? { endReason: row.end_reason } : {}),
  };
}

export function jobOutputRecord(row: JobOutputsTable): JobOutputRecord {
  return { jobId: row.job_id, artifactName: row.artifact_name, ref: JSON.parse(row.ref) as ArtifactRef, uploaded: row.uploaded };
}
