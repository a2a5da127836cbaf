import { join } from 'node:path';
import type { ArtifactStore } from '../core/contracts/artifact-store.js';
import type { ObjectStore } from '../core/contracts/object-store.js';
import { openFilesystemArtifactStore } from './filesystem/filesystem-artifact-store.js';
import { FilesystemObjectStore } from './objects/filesystem-object-store.js';
import type { S3Settings } from './s3/s3-settings.js';

export interface ArtifactStorageConfig {
  /** The data directory: `artifacts/` and `buckets/` live in it. */
  dataDir: string;
  /** An S3-compatible endpoint: artifacts go to its bucket, and S3 source/deploy use its buckets. */
  s3?: S3Settings;
  /** `off` makes writable checkouts copies even where overlay mounts work. */
  overlay?: 'auto' | 'off';
  /** How long an artifact is kept when no retryable or running execution needs it; 30 days by default. */
  retentionMs?: number;
}

export const defaultRetentionMs = 30 * 24 * 60 * 60 * 1000;

export interface ArtifactStorage {
  artifacts: ArtifactStore;
  objects: ObjectStore;
  /** `filesystem` or `s3`, and for the filesystem how writable checkouts are made: for the start-up log. */
  readonly description: string;
  /**
   * Applies the retention policy: removes artifacts older than the retention period whose digests are
   * not in `keep` (the engine passes those of in-progress and retryable executions).
   */
  sweep(keep: ReadonlySet<string>, now?: number): Promise<{ removedArtifacts: number; freedBytes: number }>;
  /** Runs now what the store would otherwise do at first use (the overlay probe): a server calls it once it serves. */
  warmUp(): void;
  /** Waits for what the store still runs in the background (the overlay probe's mount) and lets go. */
  close(): Promise<void>;
}

/**
 * The composition root's one call: the filesystem stores under the data directory by default, the S3
 * ones when an endpoint is configured. Opening the filesystem store recovers what a crash left behind.
 */
export async function openArtifactStorage(config: ArtifactStorageConfig): Promise<ArtifactStorage> {
  const retentionMs = config.retentionMs ?? defaultRetentionMs;
  const sweepWith = (artifacts: ArtifactStore) => (keep: ReadonlySet<string>, now = Date.now()) => artifacts.sweep({ olderThan: now - retentionMs, keep });
  if (config.s3 !== undefined) {
    // The S3 client is loaded only when artifacts go to S3: a filesystem server never loads it.
    const [{ S3ArtifactStore }, { S3ObjectStore }, { createS3Client }] = await Promise.all([import('./s3/s3-artifact-store.js'), import('./s3/s3-object-store.js'), import('./s3/s3-settings.js')]);
    const client = createS3Client(config.s3);
    const scratch = join(config.dataDir, 'artifacts', 'scratch');
    const artifacts = new S3ArtifactStore(client, config.s3.bucket, scratch);
    return {
      artifacts,
      objects: new S3ObjectStore(client, scratch),
      description: `s3 (bucket ${config.s3.bucket}${config.s3.endpoint !== undefined ? ` at ${config.s3.endpoint}` : ''})`,
      sweep: sweepWith(artifacts),
      warmUp: () => undefined,
      close: () => Promise.resolve(client.destroy()),
    };
  }
  // The overlay probe (a mount and an unmount) runs once the server serves (warmUp): only writable checkouts wait for it.
  const artifacts = await openFilesystemArtifactStore({ root: join(config.dataDir, 'artifacts'), probeLater: true, ...(config.overlay !== undefined ? { overlay: config.overlay } : {}) });
  const objects = new FilesystemObjectStore(join(config.dataDir, 'buckets'));
  await objects.recover();
  return {
    artifacts,
    objects,
    get description() {
      return `filesystem (${join(config.dataDir, 'artifacts')}; writable checkouts by ${artifacts.writableCheckouts ?? 'overlay or copy, still probing'})`;
    },
    sweep: sweepWith(artifacts),
    warmUp: () => void artifacts.probe(),
    close: () => artifacts.probeEnded(),
  };
}
