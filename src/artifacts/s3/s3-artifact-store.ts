import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArtifactOwner, ArtifactRef, ArtifactStore, Checkout, TreeSourceEntry } from '../../core/contracts/artifact-store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { newArtifactKey } from '../artifact-key.js';
import { chunkBytesFor, drain, readChunkBytes } from '../tree/hash-file.js';
import { HashingStream } from '../tree/hashing-stream.js';
import { buildManifest, type TreeEntry, type TreeManifest } from '../tree/manifest.js';
import { mapLimit } from '../tree/map-limit.js';
import { parentDirectories } from '../tree/relative-path.js';
import { scanDirectory } from '../tree/scan-directory.js';
import { writeTree } from '../tree/write-tree.js';
import { extractZip } from '../zip/extract-zip.js';
import { forEachZipEntry } from '../zip/read-zip.js';
import { writeZipFile, type ZipSourceEntry } from '../zip/write-zip.js';
import { listKeys } from './s3-object-store.js';
import { isMissing } from './s3-settings.js';

/** User metadata that ties an S3 object to an artifact's content. */
const digestMetadata = 'pipewright-digest';

/**
 * Artifacts as zip objects in one bucket, keyed as CodePipeline keys its artifact bucket
 * (`<pipeline>/<artifact>/<random>`), so job workers and people find them where they expect. The digest
 * is still computed from the content (the same manifest digest as the filesystem store) and kept in the
 * object's metadata: a checkout checks what it extracted against it.
 */
export class S3ArtifactStore implements ArtifactStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Local room for zips on their way up or down. */
    private readonly scratch: string,
  ) {}

  async putDirectory(directory: string, owner: ArtifactOwner, options?: { consume?: boolean }): Promise<ArtifactRef> {
    const scanned = await scanDirectory(directory);
    // Each file is hashed while yazl reads it into the zip: one pass over the data.
    const hashes = new Map<string, HashingStream>();
    const sources: ZipSourceEntry[] = scanned.map((entry) => {
      if (entry.type !== 'file') return entry;
      return {
        type: 'file',
        path: entry.path,
        executable: entry.executable,
        size: entry.size,
        open: () => {
          const hashing = new HashingStream(['sha256']);
          hashes.set(entry.path, hashing);
          return createReadStream(entry.source, { highWaterMark: chunkBytesFor(entry.size) }).pipe(hashing);
        },
      };
    });
    const zipPath = await this.scratchPath();
    try {
      await writeZipFile(emptyDirectoriesOnly(sources), zipPath);
      const entries: TreeEntry[] = scanned.map((entry) => {
        if (entry.type !== 'file') return entry;
        const hashing = hashes.get(entry.path);
        if (hashing === undefined) throw new Error(`The file ${entry.path} was not read into the zip.`);
        return { type: 'file', path: entry.path, executable: entry.executable, size: hashing.bytes, sha256: hashing.digest('sha256') };
      });
      const ref = await this.upload(zipPath, buildManifest(entries, `the directory ${directory}`), owner);
      if (options?.consume === true) await rm(directory, { recursive: true, force: true });
      return ref;
    } finally {
      await rm(zipPath, { force: true });
    }
  }

  /**
   * One zip object holds every byte of an artifact: knowing content ahead saves nothing here, so the
   * tree is written out and stored as a directory (docs/decisions/proportional-sources.md).
   */
  async putTree(entries: readonly TreeSourceEntry[], owner: ArtifactOwner): Promise<ArtifactRef> {
    const directory = join(this.scratch, `tree-${randomUUID()}`);
    try {
      await writeTree(entries, directory);
      return await this.putDirectory(directory, owner, { consume: true });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  /** The archive is stored as given; its entries are read (not extracted) to check them and compute the digest. */
  async putZip(zipPath: string, owner: ArtifactOwner): Promise<ArtifactRef> {
    const where = `the zip archive ${zipPath}`;
    const entries: TreeEntry[] = [];
    await forEachZipEntry(zipPath, where, async (entry) => {
      if (entry.type !== 'file') {
        entries.push(entry);
        return;
      }
      const hashing = new HashingStream(['sha256']);
      await pipeline(await entry.open(), hashing, drain);
      entries.push({ type: 'file', path: entry.path, executable: entry.executable, size: hashing.bytes, sha256: hashing.digest('sha256') });
    });
    return this.upload(zipPath, buildManifest(entries, where), owner);
  }

  async checkout(ref: ArtifactRef, directory: string, _mode: 'read-only' | 'writable'): Promise<Checkout> {
    // Downloaded and extracted, the tree is the caller's own copy: read-only and writable are the same here.
    const zipPath = await this.scratchPath();
    try {
      await this.download(ref, zipPath);
      await mkdir(directory, { recursive: true });
      const manifest = await extractZip(zipPath, directory, `the artifact s3://${ref.bucket}/${ref.key}`);
      if (manifest.digest !== ref.digest) {
        throw new Error(`The artifact s3://${ref.bucket}/${ref.key} holds content ${manifest.digest}, not the ${ref.digest} it was stored with.`);
      }
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw error;
    } finally {
      await rm(zipPath, { force: true });
    }
    let released: Promise<void> | undefined;
    return { directory, release: () => (released ??= rm(directory, { recursive: true, force: true })) };
  }

  async writeZip(ref: ArtifactRef, zipPath: string): Promise<void> {
    const partial = `${zipPath}.partial-${randomUUID()}`;
    try {
      await this.download(ref, partial);
      await rename(partial, zipPath);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async exists(ref: ArtifactRef): Promise<boolean> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      return head.Metadata?.[digestMetadata] === ref.digest;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** Only objects that carry an artifact digest are considered: the bucket may hold other things. */
  async sweep(options: { olderThan: number; keep: ReadonlySet<string> }): Promise<{ removedArtifacts: number; freedBytes: number }> {
    let removedArtifacts = 0;
    let freedBytes = 0;
    await mapLimit(await listKeys(this.client, this.bucket, ''), 8, async (key) => {
      let head;
      try {
        head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      const digest = head.Metadata?.[digestMetadata];
      if (digest === undefined || options.keep.has(digest)) return;
      if ((head.LastModified?.getTime() ?? Number.POSITIVE_INFINITY) >= options.olderThan) return;
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      removedArtifacts += 1;
      freedBytes += head.ContentLength ?? 0;
    });
    return { removedArtifacts, freedBytes };
  }

  private async upload(zipPath: string, manifest: TreeManifest, owner: ArtifactOwner): Promise<ArtifactRef> {
    const key = await this.freshKey(owner);
    const { size } = await stat(zipPath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(zipPath, { highWaterMark: readChunkBytes }),
        ContentLength: size,
        ContentType: 'application/zip',
        Metadata: { [digestMetadata]: manifest.digest, 'pipewright-execution-id': owner.executionId },
      }),
    );
    return { bucket: this.bucket, key, digest: manifest.digest, size: manifest.size, fileCount: manifest.fileCount };
  }

  private async freshKey(owner: ArtifactOwner): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const key = newArtifactKey(owner);
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      } catch (error) {
        if (isMissing(error)) return key;
        throw error;
      }
    }
    throw new Error(`No free artifact key found for ${owner.pipelineName}/${owner.artifactName} after 10 attempts.`);
  }

  private async download(ref: ArtifactRef, path: string): Promise<void> {
    let body: Readable;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }))).Body as Readable;
    } catch (error) {
      if (isMissing(error)) {
        throw new PipewrightError('ResourceNotFoundException', `The artifact s3://${ref.bucket}/${ref.key} is no longer stored (removed by retention, or never stored there).`);
      }
      throw error;
    }
    await pipeline(body, createWriteStream(path));
  }

  private async scratchPath(): Promise<string> {
    await mkdir(this.scratch, { recursive: true });
    return join(this.scratch, `${randomUUID()}.zip`);
  }
}

/** A zip lists directories only when they are empty, as the manifest does. */
function emptyDirectoriesOnly(entries: ZipSourceEntry[]): ZipSourceEntry[] {
  const parents = new Set(entries.flatMap((entry) => parentDirectories(entry.path)));
  return entries.filter((entry) => entry.type !== 'dir' || !parents.has(entry.path));
}
