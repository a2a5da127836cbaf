import { createWriteStream } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ArtifactRef } from '../../core/contracts/artifact-store.js';
import type { ObjectVersion } from '../../core/contracts/object-store.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { S3SourceFailure, s3SourceSettings, type S3SourceSettings } from './s3-source-settings.js';

/** The object metadata key whose value becomes the revision summary (CodePipeline's ArtifactRevision). */
export const revisionSummaryKey = 'codepipeline-artifact-revision-summary';

/**
 * Source/AWS/S3/1: an object of a versioned bucket of the object store (the latest version, or the one
 * pinned) becomes the output artifact. A zip is unpacked into the artifact (the artifact store's
 * streaming, zip-slip-safe intake); any other object becomes an artifact holding that one file, as AWS
 * takes "a single unzipped file". Revision: the version id, with the summary from the object's
 * metadata; variables ETag and VersionId. Reading has no side effect: rerunnable.
 */
export const s3SourceProvider: ActionProvider = {
  actionTypes: [{ category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }],
  rerunnable: true,
  run: async (job, tools, signal) => {
    try {
      return await runS3Source(job, tools, signal);
    } catch (error) {
      if (!(error instanceof S3SourceFailure)) throw error;
      tools.log.line('system', error.message);
      return { status: 'Failed', failureType: error.failureType, message: error.message };
    }
  },
};

async function runS3Source(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
  const settings = s3SourceSettings(job);
  const location = `s3://${settings.bucket}/${settings.key}${settings.versionId !== undefined ? ` (version ${settings.versionId})` : ''}`;
  tools.log.line('system', `Reading ${location}.`);
  const object = await getObject(tools, settings, location);
  const downloaded = join(tools.workspace, 'object');
  await pipeline(object.body, createWriteStream(downloaded, { flags: 'wx' }), { signal });
  const { version } = object;
  const artifact = await storeArtifact(job, tools, settings, downloaded, location);
  tools.log.line('system', `Stored version ${version.versionId} of s3://${settings.bucket}/${settings.key} (${version.size} bytes) as ${settings.artifactName}.`);
  const summary = metadataValue(version, revisionSummaryKey);
  return {
    status: 'Succeeded',
    outputArtifacts: { [settings.artifactName]: artifact },
    outputVariables: { ETag: version.etag.replace(/^"|"$/g, ''), VersionId: version.versionId },
    externalExecutionId: version.versionId,
    ...(summary !== undefined ? { summary } : {}),
    revision: { revisionId: version.versionId, created: version.lastModified, ...(summary !== undefined ? { revisionSummary: summary } : {}) },
  };
}

async function getObject(tools: ProviderTools, settings: S3SourceSettings, location: string): Promise<NonNullable<Awaited<ReturnType<ProviderTools['objects']['getObject']>>>> {
  let object: Awaited<ReturnType<ProviderTools['objects']['getObject']>>;
  try {
    object = await tools.objects.getObject(settings.bucket, settings.key, settings.versionId);
  } catch (error) {
    // The object store refuses names no bucket or key can have: the configuration's fault.
    if (isPipewrightError(error) && error.code === 'ValidationException') throw new S3SourceFailure('ConfigurationError', `${location}: ${error.message}`);
    throw error;
  }
  if (object === undefined) {
    throw settings.versionId !== undefined
      ? new S3SourceFailure('RevisionUnavailable', `The pinned version ${settings.versionId} of s3://${settings.bucket}/${settings.key} does not exist.`)
      : new S3SourceFailure('ConfigurationError', `The object s3://${settings.bucket}/${settings.key} does not exist.`);
  }
  return object;
}

/** A zip's contents, or the object as the one file of the artifact (named as the key's last part). */
async function storeArtifact(job: ActionJob, tools: ProviderTools, settings: S3SourceSettings, path: string, location: string): Promise<ArtifactRef> {
  const owner = { pipelineName: job.pipeline.name, artifactName: settings.artifactName, executionId: job.pipeline.executionId };
  if (await isZip(path)) {
    try {
      return await tools.artifacts.putZip(path, owner);
    } catch (error) {
      if (isPipewrightError(error) && error.code === 'ValidationException') {
        throw new S3SourceFailure('ConfigurationError', `${location} is not a zip archive Pipewright can unpack: ${error.message}`);
      }
      throw error;
    }
  }
  tools.log.line('system', `${location} is not a zip archive: the artifact holds it as the single file ${basename(settings.key)}.`);
  const directory = join(tools.workspace, 'source');
  await mkdir(directory);
  await rename(path, join(directory, basename(settings.key)));
  return tools.artifacts.putDirectory(directory, owner, { consume: true });
}

/** A zip starts with a local file header, or with the end record when it is empty. */
async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    const magic = buffer.subarray(0, bytesRead).toString('latin1');
    return magic === 'PK\u0003\u0004' || magic === 'PK\u0005\u0006';
  } finally {
    await handle.close();
  }
}

/** S3 metadata keys are case-insensitive; AWS keeps a summary to 2048 characters. */
function metadataValue(version: ObjectVersion, key: string): string | undefined {
  const found = Object.entries(version.metadata).find(([name]) => name.toLowerCase() === key)?.[1];
  return found === undefined || found === '' ? undefined : Array.from(found).slice(0, 2048).join('');
}
