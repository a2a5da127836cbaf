import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArtifactOwner, ArtifactRef } from '../../core/contracts/artifact-store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { newArtifactKey } from '../artifact-key.js';
import { parseManifest, serializeManifest, type TreeManifest } from '../tree/manifest.js';
import { manifestPath, refPath, type ArtifactLayout } from './layout.js';

/** What the store keeps of one artifact besides its content. */
export interface ArtifactRecord extends ArtifactRef {
  createdAt: number;
  owner: ArtifactOwner;
}

/** Writes a file whole or not at all: readers never see a half-written manifest or record. */
async function writeAtomically(layout: ArtifactLayout, path: string, content: string): Promise<void> {
  const staged = join(layout.staging, randomUUID());
  await writeFile(staged, content);
  await mkdir(dirname(path), { recursive: true });
  await rename(staged, path);
}

export async function storeManifest(layout: ArtifactLayout, manifest: TreeManifest): Promise<void> {
  await writeAtomically(layout, manifestPath(layout, manifest.digest), serializeManifest(manifest));
}

export async function loadManifest(layout: ArtifactLayout, digest: string): Promise<TreeManifest> {
  const where = `artifact content ${digest}`;
  let json: string;
  try {
    json = await readFile(manifestPath(layout, digest), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PipewrightError('ResourceNotFoundException', `The artifact content ${digest} is no longer stored (removed by retention, or never stored here).`);
    }
    throw error;
  }
  const manifest = parseManifest(json, where);
  // The digest is recomputed from the entries: a damaged manifest is found here, not halfway through a checkout.
  if (manifest.digest !== digest) throw new Error(`${where}: the stored manifest has the digest ${manifest.digest}.`);
  return manifest;
}

export async function removeManifest(layout: ArtifactLayout, digest: string): Promise<void> {
  await rm(manifestPath(layout, digest), { force: true });
}

/** Records a new artifact under a fresh key; the `wx` flag turns a clash of random keys into a retry. */
export async function createRecord(layout: ArtifactLayout, owner: ArtifactOwner, bucket: string, manifest: TreeManifest): Promise<ArtifactRecord> {
  await mkdir(layout.refs, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const record: ArtifactRecord = {
      bucket,
      key: newArtifactKey(owner),
      digest: manifest.digest,
      size: manifest.size,
      fileCount: manifest.fileCount,
      createdAt: Date.now(),
      owner,
    };
    try {
      await writeFile(refPath(layout, record.key), JSON.stringify(record), { flag: 'wx' });
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw error;
    }
  }
}

export async function readRecord(layout: ArtifactLayout, key: string): Promise<ArtifactRecord | undefined> {
  try {
    return JSON.parse(await readFile(refPath(layout, key), 'utf8')) as ArtifactRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function listRecords(layout: ArtifactLayout): Promise<ArtifactRecord[]> {
  let names: string[];
  try {
    names = await readdir(layout.refs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: ArtifactRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    records.push(JSON.parse(await readFile(join(layout.refs, name), 'utf8')) as ArtifactRecord);
  }
  return records;
}

export async function removeRecord(layout: ArtifactLayout, key: string): Promise<void> {
  await rm(refPath(layout, key), { force: true });
}

/** The ref part of a record: what callers get back and hand in. */
export function refOf(record: ArtifactRecord): ArtifactRef {
  return { bucket: record.bucket, key: record.key, digest: record.digest, size: record.size, fileCount: record.fileCount };
}
