import {
  AcknowledgeJobCommand,
  CreateCustomActionTypeCommand,
  PollForJobsCommand,
  PutJobSuccessResultCommand,
  type ActionCategory,
  type Job,
} from '@aws-sdk/client-codepipeline';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ZipFile } from 'yazl';
import { ServerRefusedError, urlOf, type Connection } from '../../client/index.js';
import type { CliContext } from '../cli-context.js';
import { skippedActionType, type SkippedAction } from './run-plan.js';

/**
 * The worker behind `--skip`: each skipped action runs as a custom action (`Custom/<category>/
 * PipewrightSkipped/1`) that this process answers through CodePipeline's job-worker API, the way any
 * job worker does: acknowledge, upload each output artifact (empty: nothing ran to fill it), and
 * succeed with a summary that says the action was skipped and what it stands for. So the rest of the
 * pipeline runs, and the skip is in the execution's history for anyone to see, never silent.
 */
export class SkippedActionsWorker {
  private readonly categories: string[];

  constructor(
    private readonly context: CliContext,
    private readonly skipped: readonly SkippedAction[],
    categories: Iterable<string>,
  ) {
    this.categories = [...new Set(categories)];
  }

  /** Creates the custom action types the stand-ins use (already there on a reused server: fine). */
  async register(): Promise<void> {
    for (const category of this.categories) {
      try {
        await this.context.send((client) =>
          client.send(
            new CreateCustomActionTypeCommand({
              category: category as ActionCategory,
              provider: skippedActionType.provider,
              version: skippedActionType.version,
              inputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
              outputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
              configurationProperties: [
                { name: 'SkippedActionType', required: true, key: false, secret: false, description: 'The action type the skipped action has in the definition.' },
                { name: 'Reason', required: false, key: false, secret: false, description: 'Why it was skipped.' },
              ],
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof ServerRefusedError) || !/exist/i.test(error.message)) throw error;
      }
    }
  }

  /** Answers every job of a stand-in waiting now; resolves with the actions answered (`Stage/Action`). */
  async answerWaitingJobs(): Promise<string[]> {
    const done: string[] = [];
    for (const category of this.categories) {
      const actionTypeId = { category: category as ActionCategory, owner: 'Custom' as const, provider: skippedActionType.provider, version: skippedActionType.version };
      const { jobs = [] } = await this.context.send((client) => client.send(new PollForJobsCommand({ actionTypeId, maxBatchSize: 10 })));
      for (const job of jobs) done.push(await this.answer(job));
    }
    return done;
  }

  private async answer(job: Job): Promise<string> {
    const jobId = job.id ?? '';
    await this.context.send((client) => client.send(new AcknowledgeJobCommand({ jobId, nonce: job.nonce ?? '' })));
    const data = job.data ?? {};
    const where = `${data.pipelineContext?.stage?.name ?? '?'}/${data.pipelineContext?.action?.name ?? '?'}`;
    const skipped = this.skipped.find((action) => `${action.stageName}/${action.actionName}` === where);
    for (const artifact of data.outputArtifacts ?? []) await uploadEmptyArtifact(this.context.connection, job, artifact.location?.s3Location);
    const summary = `Skipped by pipewright run --skip: ${skipped?.type ?? data.actionConfiguration?.configuration?.SkippedActionType ?? 'the action'} ${skipped?.reason ?? ''}`.trim();
    await this.context.send((client) => client.send(new PutJobSuccessResultCommand({ jobId, executionDetails: { summary: summary.slice(0, 2048), percentComplete: 100 } })));
    return where;
  }
}

/** An output artifact of a skipped action: an empty zip, uploaded where the job says, with the job's credentials. */
async function uploadEmptyArtifact(connection: Connection, job: Job, location: { bucketName?: string; objectKey?: string } | undefined): Promise<void> {
  const credentials = job.data?.artifactCredentials;
  if (location?.bucketName === undefined || location.objectKey === undefined || credentials?.accessKeyId === undefined || credentials.secretAccessKey === undefined) return;
  const s3 = new S3Client({
    endpoint: urlOf(connection, '/s3'),
    forcePathStyle: true,
    region: connection.region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}) },
  });
  try {
    const body = await emptyZip();
    await s3.send(new PutObjectCommand({ Bucket: location.bucketName, Key: location.objectKey, Body: body, ContentLength: body.length }));
  } finally {
    s3.destroy();
  }
}

function emptyZip(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}
