import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRef, ArtifactStore } from '../../core/contracts/artifact-store.js';
import type { JobRecord, Store } from '../../core/contracts/store.js';
import { isPipewrightError } from '../../core/errors/index.js';
import type { JobService } from '../../engine/job-service.js';
import type { S3Answer, S3Call } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';

/**
 * The artifacts of open jobs at the locations their job data names, so that a job worker or a function
 * written for CodePipeline reads and writes them with S3's API unchanged:
 *
 * - An input artifact's location answers GET and HEAD with the artifact as a zip.
 * - An output location takes the zip the worker uploads: it is stored as an artifact at once (an archive
 *   that is not a valid zip is refused) and recorded with the job, whose PutJobSuccessResult takes it as
 *   the action's output artifact. A second upload replaces the first.
 * - Other keys of a bucket open jobs use that the object store does not have: NoSuchKey (GET, HEAD) or
 *   AccessDenied (PUT). Once its job has ended, an artifact is no longer reachable here.
 */
export class ArtifactLocations {
  constructor(private readonly deps: { jobs: JobService; artifacts: ArtifactStore; store: Store; scratch: string }) {}

  /** The answer for an artifact location, or undefined when the request is not for one. */
  async answer(call: S3Call): Promise<S3Answer | undefined> {
    const { name, bucket, key } = call.operation;
    if (name !== 'GetObject' && name !== 'HeadObject' && name !== 'PutObject') return undefined;
    const located = await this.deps.jobs.locateArtifact(bucket, key);
    if (located === undefined) {
      if (!(await this.isArtifactBucket(bucket)) || (await call.objects.bucketExists(bucket))) return undefined;
      throw name === 'PutObject'
        ? new S3Refusal(s3Error('AccessDenied', `No job in progress has an output location s3://${bucket}/${key}; upload output artifacts before the job's result.`))
        : new S3Refusal(s3Error('NoSuchKey', `No job in progress has an artifact at s3://${bucket}/${key}; artifacts are reachable here while their job is open.`));
    }
    if (name === 'PutObject') {
      if (!('output' in located)) throw new S3Refusal(s3Error('AccessDenied', `s3://${bucket}/${key} is the input artifact ${located.input.name} of job ${located.job.id}: input artifacts are read-only.`));
      return this.upload(call, located.job, located.output.name);
    }
    const ref = 'input' in located ? located.input.ref : (await this.deps.jobs.uploadedOutputs(located.job.id))[located.output.name];
    if (ref === undefined) throw new S3Refusal(s3Error('NoSuchKey', `Nothing was uploaded yet to the output location s3://${bucket}/${key}.`));
    return this.download(ref, name === 'GetObject');
  }

  /** A bucket some open job's artifacts are in (the pipeline's artifact store location). */
  private async isArtifactBucket(bucket: string): Promise<boolean> {
    const open = await this.deps.store.listOpenJobs();
    return open.some((job) => job.job.inputArtifacts.some((input) => input.ref.bucket === bucket) || job.job.outputArtifacts.some((output) => output.location.bucket === bucket));
  }

  private async download(ref: ArtifactRef, withBody: boolean): Promise<S3Answer> {
    await mkdir(this.deps.scratch, { recursive: true });
    const zipPath = join(this.deps.scratch, `${randomUUID()}.zip`);
    try {
      await this.deps.artifacts.writeZip(ref, zipPath);
      const { size, mtime } = await stat(zipPath);
      const headers = { 'content-type': 'application/zip', 'content-length': size, etag: `"${ref.digest.slice(0, 32)}"`, 'last-modified': mtime.toUTCString(), 'accept-ranges': 'none' };
      if (!withBody) {
        await rm(zipPath, { force: true });
        return { status: 200, headers };
      }
      const body = createReadStream(zipPath);
      body.once('close', () => void rm(zipPath, { force: true }));
      return { status: 200, headers, body };
    } catch (error) {
      await rm(zipPath, { force: true });
      throw error;
    }
  }

  private async upload(call: S3Call, job: JobRecord, artifactName: string): Promise<S3Answer> {
    const { bucket, key } = call.operation;
    await mkdir(this.deps.scratch, { recursive: true });
    const zipPath = join(this.deps.scratch, `${randomUUID()}.zip`);
    try {
      const { stream, md5Hex } = call.body();
      await pipeline(stream, createWriteStream(zipPath));
      const ref = await this.deps.artifacts.putZip(zipPath, {
        pipelineName: job.pipelineName,
        artifactName,
        executionId: job.executionId,
        bucket: job.job.outputArtifacts.find((output) => output.name === artifactName)?.location.bucket ?? '',
      });
      await this.deps.jobs.recordUpload(job.id, artifactName, ref);
      call.log({ job: job.id, artifact: artifactName, files: ref.fileCount, bytes: ref.size }, 'output artifact uploaded');
      return { status: 200, headers: { etag: `"${md5Hex()}"` } };
    } catch (error) {
      if (isPipewrightError(error) && error.code === 'ValidationException') {
        throw new S3Refusal(s3Error('InvalidArgument', `The upload to s3://${bucket}/${key} (output artifact ${artifactName}) is not a zip archive Pipewright can read: ${error.message}`));
      }
      throw error;
    } finally {
      await rm(zipPath, { force: true });
    }
  }
}
