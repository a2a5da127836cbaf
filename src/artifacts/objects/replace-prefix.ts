import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, lstat, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PipewrightError } from '../../core/errors/index.js';
import { chunkBytesFor } from '../tree/hash-file.js';
import { HashingStream } from '../tree/hashing-stream.js';
import { mapLimit } from '../tree/map-limit.js';
import { scanDirectory } from '../tree/scan-directory.js';
import { bucketPath, generationsPath, objectPath, prefixRecordPath, type BucketsLayout } from './bucket-paths.js';
import { fingerprintOf, newVersionId, type VersionRecord, type VersionRecords } from './version-records.js';

/**
 * Replacing a prefix atomically for readers of the folder.
 *
 * The new files are copied into a fresh generation folder (`.meta/<B>/generations/<id>`), aside from
 * what readers see. `<B>/<prefix>` is a symlink to the current generation, and the switch is one
 * rename of a new symlink over the old one: rename(2) is atomic, so a reader that resolves the prefix
 * gets the old generation or the new one, whole. A reader that walks a deploy should resolve the
 * prefix once (realpath) and read below that; the previous generation is kept until the next deploy
 * of the prefix, so such a reader can finish even while a deploy lands.
 *
 * Why a symlink and not a directory rename: a directory cannot be renamed over a non-empty one, and
 * moving the old one away first leaves a moment with nothing there. The one such moment left is the
 * first deploy over a prefix whose objects were put one by one (a plain folder): it is moved into a
 * generation and replaced by the symlink.
 *
 * Files are copied, not linked, from the deploy's directory (often a read-only checkout sharing the
 * artifact store's blobs): a hand edit in the bucket folder must never reach the artifact store.
 */
export interface ReplacePrefixInput {
  bucket: string;
  prefix: string;
  directory: string;
  metadata?: Record<string, string>;
  cacheControl?: string;
}

interface PrefixRecord {
  current?: string;
  previous?: string;
}

export interface StagedGeneration {
  generation: string;
  /** The generation's folder, removed if the switch fails. */
  root: string;
  objects: StagedObject[];
}

interface StagedObject {
  key: string;
  file: string;
  etag: string;
  size: number;
}

/** Copies the deploy into a new generation folder; nothing readers see changes yet. */
export async function stageGeneration(layout: BucketsLayout, input: ReplacePrefixInput): Promise<StagedGeneration> {
  const generation = `${Date.now().toString(36)}-${randomUUID()}`;
  const root = join(generationsPath(layout, input.bucket), generation);
  await mkdir(root, { recursive: true });
  // S3 has objects only: symlinks and empty folders of the deploy have nothing to become.
  const files = (await scanDirectory(input.directory)).filter((entry) => entry.type === 'file');
  const objects = await mapLimit(files, 4, async (entry) => {
    const file = join(root, entry.path);
    await mkdir(dirname(file), { recursive: true });
    const hashing = new HashingStream(['md5']);
    await pipeline(createReadStream(entry.source, { highWaterMark: chunkBytesFor(entry.size) }), hashing, createWriteStream(file, { flags: 'wx' }));
    const key = input.prefix === '' ? entry.path : `${input.prefix}/${entry.path}`;
    return { key, file, etag: `"${hashing.digest('md5')}"`, size: hashing.bytes };
  });
  return { generation, root, objects };
}

/**
 * Switches the prefix to the staged generation, with the bucket locked against other writers. The
 * latest versions being replaced keep their content aside first (hard links), so they stay readable by
 * version id; the new objects' versions are recorded before the switch.
 */
export async function switchGeneration(
  layout: BucketsLayout,
  records: VersionRecords,
  input: ReplacePrefixInput,
  staged: StagedGeneration,
  replaced: VersionRecord[],
): Promise<void> {
  const now = Date.now();
  await mapLimit(replaced, 8, async (old) => {
    await link(objectPath(layout, old.bucket, old.key), records.versionDataPath(old.bucket, old.key, old.versionId)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  });
  const added = await mapLimit(staged.objects, 8, async (object): Promise<VersionRecord> => {
    const fingerprint = await fingerprintOf(object.file);
    if (fingerprint === undefined) throw new Error(`The staged deploy file ${object.file} disappeared.`);
    const record: VersionRecord = {
      bucket: input.bucket,
      key: object.key,
      versionId: newVersionId(),
      etag: object.etag,
      size: object.size,
      lastModified: now,
      metadata: { ...input.metadata },
      ...(input.cacheControl !== undefined ? { cacheControl: input.cacheControl } : {}),
      fingerprint,
    };
    await records.write(record);
    return record;
  });

  const target = input.prefix === '' ? bucketPath(layout, input.bucket) : objectPath(layout, input.bucket, input.prefix);
  let previous: string | undefined;
  try {
    previous = await pointAt(layout, input, target, staged.root);
  } catch (error) {
    // Nothing points at the new generation yet: it can go. (Its version records name no head, and
    // stay as unreferenced files.)
    await rm(staged.root, { recursive: true, force: true });
    throw error;
  }

  await mapLimit(added, 8, (record) => records.setHead(record.bucket, record.key, record.versionId));
  const kept = new Set(added.map((record) => record.key));
  await mapLimit(
    replaced.filter((old) => !kept.has(old.key)),
    8,
    (old) => records.setHead(old.bucket, old.key, null),
  );

  // The generation before the one just replaced has had a whole deploy's time to be read: it goes now.
  const recordPath = prefixRecordPath(layout, input.bucket, input.prefix);
  const prefixRecord = await readPrefixRecord(recordPath);
  if (prefixRecord.previous !== undefined && prefixRecord.previous !== previous) {
    await rm(join(generationsPath(layout, input.bucket), prefixRecord.previous), { recursive: true, force: true });
  }
  await mkdir(dirname(recordPath), { recursive: true });
  await writeFile(recordPath, JSON.stringify({ current: staged.generation, ...(previous !== undefined ? { previous } : {}) } satisfies PrefixRecord));
}

/** Makes `target` a symlink to the generation; returns the generation it pointed to before, if any. */
async function pointAt(layout: BucketsLayout, input: ReplacePrefixInput, target: string, generationRoot: string): Promise<string | undefined> {
  await mkdir(dirname(target), { recursive: true });
  const linkText = relative(dirname(target), generationRoot);
  const existing = await lstatIfAny(target);
  let previous: string | undefined;
  if (existing?.isFile() === true) {
    throw new PipewrightError('ValidationException', `Cannot replace the prefix ${JSON.stringify(input.prefix)} of bucket ${input.bucket}: it is an object, not a folder.`);
  }
  if (existing?.isDirectory() === true) {
    // A plain folder of objects put one by one: it becomes a generation of its own (see the header).
    previous = `${Date.now().toString(36)}-${randomUUID()}`;
    await mkdir(generationsPath(layout, input.bucket), { recursive: true });
    await rename(target, join(generationsPath(layout, input.bucket), previous));
  } else if (existing?.isSymbolicLink() === true) {
    previous = (await readPrefixRecord(prefixRecordPath(layout, input.bucket, input.prefix))).current;
  }
  const fresh = `${target}.switch-${randomUUID()}`;
  await symlink(linkText, fresh);
  await rename(fresh, target);
  return previous;
}

async function readPrefixRecord(path: string): Promise<PrefixRecord> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PrefixRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

async function lstatIfAny(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
