import { createWriteStream, createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Artifact, JobData } from '@aws-sdk/client-codepipeline';
import { unzip, zipDirectory } from './zip-files.js';

/**
 * The job's artifacts through S3, with the temporary credentials CodePipeline handed out with the job
 * (never the worker's own). The endpoint is the SDK's: S3 on AWS, Pipewright's artifact endpoint when
 * AWS_ENDPOINT_URL_S3 names it (`<server>/s3`).
 */
export function artifactClient(data: JobData): S3Client {
  const credentials = data.artifactCredentials;
  if (credentials?.accessKeyId === undefined || credentials.secretAccessKey === undefined) throw new Error('The job came without artifact credentials.');
  return new S3Client({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}) },
    // A server addressed by name (not an IP address) would otherwise be asked for <bucket>.<host>.
    forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
  });
}

/** Downloads each input artifact (a zip) and unpacks it into `<directory>/<artifact name>`. */
export async function downloadInputs(s3: S3Client, artifacts: readonly Artifact[], directory: string): Promise<Record<string, string>> {
  const unpacked: Record<string, string> = {};
  await mkdir(directory, { recursive: true });
  for (const artifact of artifacts) {
    const location = s3Location(artifact);
    const object = await s3.send(new GetObjectCommand({ Bucket: location.bucketName, Key: location.objectKey }));
    const zipPath = join(directory, `${artifact.name ?? 'input'}.zip`);
    await pipeline(object.Body as Readable, createWriteStream(zipPath));
    const target = join(directory, artifact.name ?? 'input');
    await unzip(zipPath, target);
    unpacked[artifact.name ?? 'input'] = target;
  }
  return unpacked;
}

/** Zips `directory` and uploads it to the output artifact's location. */
export async function uploadOutput(s3: S3Client, artifact: Artifact, directory: string, scratch: string): Promise<void> {
  const location = s3Location(artifact);
  const zipPath = join(scratch, `${artifact.name ?? 'output'}.zip`);
  await zipDirectory(directory, zipPath);
  const { size } = await stat(zipPath);
  await s3.send(new PutObjectCommand({ Bucket: location.bucketName, Key: location.objectKey, Body: createReadStream(zipPath), ContentLength: size }));
}

function s3Location(artifact: Artifact): { bucketName: string; objectKey: string } {
  const location = artifact.location?.s3Location;
  if (location?.bucketName === undefined || location.objectKey === undefined) throw new Error(`The artifact ${artifact.name ?? ''} has no S3 location.`);
  return { bucketName: location.bucketName, objectKey: location.objectKey };
}
