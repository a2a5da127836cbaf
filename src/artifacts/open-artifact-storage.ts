import { join } from 'node:path';
import type { ArtifactStore } from '../core/contracts/artifact-store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import { openFilesystemArtifactStore } from './filesystem/filesystem-artifact-store.js';
import { FilesystemObjectStore } from './objects/filesystem-object-store.js';
import { S3ArtifactStore } from './s3/s3-artifact-store.js';
import { S3ObjectStore } from './s3/s3-object-store.js';
import { createS3Client, type S3Settings } from './s3/s3-settings.js';

export interface ArtifactStorageConfig {
  /** The data directory: `artifacts/` and `buckets/` live in it. */
  dataDir: string;
  /** An S3-compatible endpoint: artifacts go to its bucket, and S3 source/deploy use its buckets. */
  s3?: S3Settings;
  /** `off` makes writable checkouts copies even where overlay mounts work. */
  overlay?: 'auto' | 'off';
}

export interface ArtifactStorage {
  artifacts: ArtifactStore;
  objects: ObjectStore;
  /** `filesystem` or `s3`, and for the filesystem how writable checkouts are made: for the start-up log. */
  description: string;
  close(): void;
}

/**
 * The composition root's one call: the filesystem stores under the data directory by default, the S3
 * ones when an endpoint is configured. Opening the filesystem store recovers what a crash left behind.
 */
export async function openArtifactStorage(config: ArtifactStorageConfig): Promise<ArtifactStorage> {
  if (config.s3 !== undefined) {
    const client = createS3Client(config.s3);
    const scratch = join(config.dataDir, 'artifacts', 'scratch');
    return {
      artifacts: new S3ArtifactStore(client, config.s3.bucket, scratch),
      objects: new S3ObjectStore(client, scratch),
      description: `s3 (bucket ${config.s3.bucket}${config.s3.endpoint !== undefined ? ` at ${config.s3.endpoint}` : ''})`,
      close: () => client.destroy(),
    };
  }
  const artifacts = await openFilesystemArtifactStore({ root: join(config.dataDir, 'artifacts'), ...(config.overlay !== undefined ? { overlay: config.overlay } : {}) });
  return {
    artifacts,
    objects: new FilesystemObjectStore(join(config.dataDir, 'buckets')),
    description: `filesystem (${join(config.dataDir, 'artifacts')}; writable checkouts by ${artifacts.writableCheckouts})`,
    close: () => undefined,
  };
}
