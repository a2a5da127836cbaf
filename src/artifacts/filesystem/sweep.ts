import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactLayout } from './layout.js';
import { listRecords, loadManifest, removeManifest, removeRecord } from './records.js';
import type { SharedTrees } from './shared-trees.js';

export interface SweepOptions {
  olderThan: number;
  keep: ReadonlySet<string>;
}

/**
 * Retention, run under the store's exclusive lock. First the records: those created before `olderThan`
 * whose digest is not kept go. Then a mark-and-sweep of content: the manifests of the digests still
 * recorded, kept or checked out name the live blobs; every other manifest, shared tree and blob goes.
 * Freed bytes count only blobs whose last name this removes (a read-only checkout may still hold one).
 */
export async function sweepStore(layout: ArtifactLayout, trees: SharedTrees, options: SweepOptions): Promise<{ removedArtifacts: number; freedBytes: number }> {
  let removedArtifacts = 0;
  const liveDigests = new Set<string>([...options.keep, ...trees.inUse()]);
  for (const record of await listRecords(layout)) {
    if (record.createdAt < options.olderThan && !options.keep.has(record.digest)) {
      await removeRecord(layout, record.key);
      removedArtifacts += 1;
    } else {
      liveDigests.add(record.digest);
    }
  }

  const liveBlobs = new Set<string>();
  const storedDigests = await listManifestDigests(layout);
  for (const digest of storedDigests) {
    if (!liveDigests.has(digest)) {
      await removeManifest(layout, digest);
      continue;
    }
    for (const entry of (await loadManifest(layout, digest)).entries) {
      if (entry.type === 'file') liveBlobs.add(entry.executable ? `${entry.sha256}.x` : entry.sha256);
    }
  }

  // Trees hold hard links to blobs: they go first, so the blobs' link counts tell what is really freed.
  await trees.prune(liveDigests);
  let freedBytes = 0;
  for (const shard of await readdirIfAny(layout.blobs)) {
    for (const name of await readdirIfAny(join(layout.blobs, shard))) {
      if (liveBlobs.has(name)) continue;
      const path = join(layout.blobs, shard, name);
      const stats = await lstat(path);
      await rm(path, { force: true });
      if (stats.nlink === 1) freedBytes += stats.size;
    }
  }
  return { removedArtifacts, freedBytes };
}

async function listManifestDigests(layout: ArtifactLayout): Promise<string[]> {
  const digests: string[] = [];
  for (const shard of await readdirIfAny(layout.manifests)) {
    for (const name of await readdirIfAny(join(layout.manifests, shard))) {
      if (name.endsWith('.json')) digests.push(name.slice(0, -'.json'.length));
    }
  }
  return digests;
}

async function readdirIfAny(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
