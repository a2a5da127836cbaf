import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactOwner, ArtifactRef, ArtifactStore, Checkout, TreeSourceEntry } from '../../core/contracts/artifact-store.js';
import { chunkBytesFor } from '../tree/hash-file.js';
import { buildManifest, type TreeEntry, type TreeManifest } from '../tree/manifest.js';
import { mapLimit } from '../tree/map-limit.js';
import { scanDirectory } from '../tree/scan-directory.js';
import { forEachZipEntry } from '../zip/read-zip.js';
import { writeZipFile } from '../zip/write-zip.js';
import { takeFile, takeStream } from './blob-intake.js';
import { artifactLayout, blobPath, manifestPath, type ArtifactLayout } from './layout.js';
import { BlobVerifier } from './verify-blobs.js';
import { materialize, prepareEmptyDirectory } from './materialize.js';
import { canMountPaths, mountOverlay, probeOverlay, unmount, unmountLeftovers, type OverlaySupport } from './overlay.js';
import { ReadWriteLock } from './read-write-lock.js';
import { createRecord, loadManifest, readRecord, refOf, storeManifest } from './records.js';
import { SharedTrees } from './shared-trees.js';
import { sweepStore } from './sweep.js';

export interface FilesystemArtifactStoreOptions {
  /** `<data-dir>/artifacts`. */
  root: string;
  /** The bucket refs show when the owner names none (the pipeline's artifact store location). */
  defaultBucket?: string;
  /** `auto` probes for overlay mounts at open; `off` always copies for writable checkouts. */
  overlay?: 'auto' | 'off';
  /**
   * Opens without the overlay probe (two processes, 80 to 180 ms under load, each a fork of the
   * server): it runs at `probe()` (a server calls it once it serves) or at the first writable
   * checkout, which waits for it; `writableCheckouts` is undefined till then.
   */
  probeLater?: boolean;
  /** Writable checkouts of trees this small are copies even where overlays work (default: smallTrees). */
  copyUpTo?: TreeSize;
}

export interface TreeSize {
  files: number;
  bytes: number;
}

/**
 * An overlay costs two processes (`mount`, then `umount` at release), 20 to 40 ms on this 2-core
 * machine under load, whatever the tree; copying a file costs well under a millisecond. Below this
 * size a writable checkout is a copy (docs/decisions/real-path-speed.md).
 */
export const smallTrees: TreeSize = { files: 32, bytes: 4 * 1024 * 1024 };

/** How writable checkouts are made in this store, decided once at open. */
export type WritableCheckoutMethod = 'overlay' | 'copy';

export const defaultArtifactBucket = 'pipewright-artifacts';

/** How many blob paths the store remembers as present before it starts over (a stat each, then). */
const presentBlobsLimit = 200_000;

/**
 * Opens the content-addressed filesystem artifact store: creates its folders, recovers from a crash
 * (unmounts overlays left mounted, empties staging and the private overlay layers), and probes once
 * whether writable checkouts can be overlays.
 */
export async function openFilesystemArtifactStore(options: FilesystemArtifactStoreOptions): Promise<FilesystemArtifactStore> {
  await mkdir(options.root, { recursive: true });
  // Real paths: mountinfo shows real paths, and recovery recognises our mounts by their upper layers.
  const layout = artifactLayout(await realpath(options.root));
  for (const dir of [layout.blobs, layout.manifests, layout.refs, layout.trees, layout.mounts, layout.staging]) {
    await mkdir(dir, { recursive: true });
  }
  // The 256 blob shards exist from the start: taking a file in is then a link, with no mkdir first.
  // Synchronous: 256 awaited calls cost a thread-pool round trip each, 50 ms or more of a server's start under load.
  for (let shard = 0; shard < 256; shard++) mkdirSync(join(layout.blobs, shard.toString(16).padStart(2, '0')), { recursive: true });
  await recoverArtifactStore(layout);
  const probe = () => (options.overlay === 'off' ? Promise.resolve(undefined) : probeOverlay(layout.mounts));
  const store = new FilesystemArtifactStore(layout, options.defaultBucket ?? defaultArtifactBucket, probe, options.copyUpTo ?? smallTrees);
  if (options.probeLater !== true) await store.probe();
  return store;
}

/** What a crashed process leaves behind: overlay mounts, their private layers, files half taken in, trees half built. */
export async function recoverArtifactStore(layout: ArtifactLayout): Promise<void> {
  await unmountLeftovers(layout.mounts);
  await rm(layout.mounts, { recursive: true, force: true });
  await rm(layout.staging, { recursive: true, force: true });
  for (const name of await readdir(layout.trees)) {
    if (name.startsWith('.partial-')) await rm(join(layout.trees, name), { recursive: true, force: true });
  }
  await mkdir(layout.mounts, { recursive: true });
  await mkdir(layout.staging, { recursive: true });
}

export class FilesystemArtifactStore implements ArtifactStore {
  private readonly lock = new ReadWriteLock();
  private readonly trees: SharedTrees;
  private readonly blobs: BlobVerifier;
  /** How writable checkouts are made here: decided by the probe (undefined until it has run, see probeLater). */
  writableCheckouts: WritableCheckoutMethod | undefined;
  private overlay: OverlaySupport | undefined;
  private probing: Promise<WritableCheckoutMethod> | undefined;
  /**
   * Blob paths seen stored since the last sweep. Only the sweep (under the exclusive lock) removes
   * blobs, so a putTree may take a known file from here without a stat; one removed by hand is found by
   * the checkout's verification, as for any artifact.
   */
  private readonly presentBlobs = new Set<string>();

  constructor(
    readonly layout: ArtifactLayout,
    private readonly defaultBucket: string,
    private readonly overlayProbe: () => Promise<OverlaySupport | undefined>,
    private readonly copyUpTo: TreeSize = smallTrees,
  ) {
    this.trees = new SharedTrees(layout);
    this.blobs = new BlobVerifier(layout);
  }

  /** Runs the overlay probe once (later calls wait for that one); never rejects: a probe that fails means copies. */
  probe(): Promise<WritableCheckoutMethod> {
    this.probing ??= this.overlayProbe().then(
      (support) => {
        this.overlay = support;
        this.writableCheckouts = support === undefined ? 'copy' : 'overlay';
        return this.writableCheckouts;
      },
      () => (this.writableCheckouts = 'copy'),
    );
    return this.probing;
  }

  /** Waits for a probe that has started (its mount must be gone before the data directory may go); starts none. */
  async probeEnded(): Promise<void> {
    await this.probing;
  }

  putDirectory(directory: string, owner: ArtifactOwner, options?: { consume?: boolean }): Promise<ArtifactRef> {
    const consume = options?.consume === true;
    return this.lock.shared(async () => {
      const scanned = await scanDirectory(directory);
      const entries = await mapLimit(scanned, 8, async (entry): Promise<TreeEntry> => {
        if (entry.type !== 'file') return entry;
        const taken = await takeFile(this.layout, entry.source, entry.size, entry.executable, consume);
        this.blobs.remember(taken.hashedBlob);
        return { type: 'file', path: entry.path, executable: entry.executable, size: taken.size, sha256: taken.sha256 };
      });
      const ref = await this.record(buildManifest(entries, `the directory ${directory}`), owner);
      // The caller gave the directory up: what is left of it (folders, symlinks) goes too.
      if (consume) await removeGivenUp(directory);
      return ref;
    });
  }

  putTree(entries: readonly TreeSourceEntry[], owner: ArtifactOwner): Promise<ArtifactRef> {
    return this.lock.shared(async () => {
      const stored = await mapLimit(entries, 8, async (entry): Promise<TreeEntry> => {
        if (entry.type !== 'file') return entry;
        const { path, executable, known } = entry;
        if (known !== undefined && (await this.holdsBlob(known.sha256, executable))) return { type: 'file', path, executable, size: known.size, sha256: known.sha256 };
        const taken = await takeStream(this.layout, await entry.open(), executable);
        this.blobs.remember(taken.hashedBlob);
        this.notePresent(blobPath(this.layout, taken.sha256, executable));
        if (known !== undefined && (known.sha256 !== taken.sha256 || known.size !== taken.size)) {
          throw new Error(`The file ${path} was announced as sha256 ${known.sha256} (${known.size} bytes) but reads as ${taken.sha256} (${taken.size} bytes).`);
        }
        entry.stored?.({ sha256: taken.sha256, size: taken.size });
        return { type: 'file', path, executable, size: taken.size, sha256: taken.sha256 };
      });
      return this.record(buildManifest(stored, 'the tree given'), owner);
    });
  }

  putZip(zipPath: string, owner: ArtifactOwner): Promise<ArtifactRef> {
    return this.lock.shared(async () => {
      const entries: TreeEntry[] = [];
      await forEachZipEntry(zipPath, `the zip archive ${zipPath}`, async (entry) => {
        if (entry.type !== 'file') {
          entries.push(entry);
          return;
        }
        const taken = await takeStream(this.layout, await entry.open(), entry.executable);
        this.blobs.remember(taken.hashedBlob);
        entries.push({ type: 'file', path: entry.path, executable: entry.executable, size: taken.size, sha256: taken.sha256 });
      });
      return this.record(buildManifest(entries, `the zip archive ${zipPath}`), owner);
    });
  }

  checkout(ref: ArtifactRef, directory: string, mode: 'read-only' | 'writable'): Promise<Checkout> {
    return this.lock.shared(async () => {
      const manifest = await loadManifest(this.layout, ref.digest);
      await this.blobs.verify(manifest, ref);
      await prepareEmptyDirectory(directory);
      if (mode === 'writable') await this.probe();
      try {
        if (mode === 'writable' && this.overlay !== undefined && !this.isSmall(manifest)) return await this.overlayCheckout(manifest, directory, this.overlay);
        await materialize(this.layout, manifest, directory, mode === 'read-only' ? 'link' : 'copy');
      } catch (error) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
      return { directory, release: once(() => rm(directory, { recursive: true, force: true })) };
    });
  }

  writeZip(ref: ArtifactRef, zipPath: string): Promise<void> {
    return this.lock.shared(async () => {
      const manifest = await loadManifest(this.layout, ref.digest);
      await this.blobs.verify(manifest, ref);
      const entries = manifest.entries.map((entry) =>
        entry.type === 'file' ? { ...entry, open: () => createReadStream(blobPath(this.layout, entry.sha256, entry.executable), { highWaterMark: chunkBytesFor(entry.size) }) } : entry,
      );
      await writeZipFile(entries, zipPath);
    });
  }

  async exists(ref: ArtifactRef): Promise<boolean> {
    const record = await readRecord(this.layout, ref.key);
    if (record?.digest !== ref.digest) return false;
    try {
      await stat(manifestPath(this.layout, ref.digest));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  sweep(options: { olderThan: number; keep: ReadonlySet<string> }): Promise<{ removedArtifacts: number; freedBytes: number }> {
    return this.lock.exclusive(async () => {
      try {
        return await sweepStore(this.layout, this.trees, options);
      } finally {
        this.presentBlobs.clear();
      }
    });
  }

  private async holdsBlob(sha256: string, executable: boolean): Promise<boolean> {
    const path = blobPath(this.layout, sha256, executable);
    if (this.presentBlobs.has(path)) return true;
    try {
      await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    this.notePresent(path);
    return true;
  }

  private notePresent(path: string): void {
    if (this.presentBlobs.size >= presentBlobsLimit) this.presentBlobs.clear();
    this.presentBlobs.add(path);
  }

  private isSmall(manifest: TreeManifest): boolean {
    return manifest.fileCount <= this.copyUpTo.files && manifest.size <= this.copyUpTo.bytes;
  }

  private async record(manifest: TreeManifest, owner: ArtifactOwner): Promise<ArtifactRef> {
    await storeManifest(this.layout, manifest);
    return refOf(await createRecord(this.layout, owner, owner.bucket ?? this.defaultBucket, manifest));
  }

  /**
   * A writable checkout as an overlay: the shared tree of the digest below, a private upper layer. Once
   * the shared tree exists (the first checkout of a digest links it), a checkout is one mount, whatever
   * the size of the tree. Files show the blobs' modes (0444, 0555: the executable bit is right); the
   * overlay is only used when we run as root, and root writes them all the same, copying the file up
   * on first write. A chmod by the caller copies up metadata only (metacopy).
   */
  private async overlayCheckout(manifest: TreeManifest, directory: string, support: OverlaySupport): Promise<Checkout> {
    const id = randomUUID();
    const privateLayers = join(this.layout.mounts, id);
    const layers = { lower: '', upper: join(privateLayers, 'upper'), work: join(privateLayers, 'work'), target: directory };
    const lower = await this.trees.acquire(manifest);
    try {
      layers.lower = lower;
      if (!canMountPaths(layers)) throw new Error(`The overlay layers of ${directory} have paths mount options cannot hold.`);
      await mkdir(layers.upper, { recursive: true });
      await mkdir(layers.work, { recursive: true });
      await mountOverlay(layers, support);
    } catch (error) {
      await rm(privateLayers, { recursive: true, force: true });
      this.trees.release(manifest.digest);
      throw error;
    }
    return {
      directory,
      release: once(async () => {
        await unmount(directory);
        await rm(privateLayers, { recursive: true, force: true });
        this.trees.release(manifest.digest);
        await rm(directory, { recursive: true, force: true });
      }),
    };
  }
}

/**
 * Removes a consumed directory. When it is itself a mount point (the root of a writable overlay
 * checkout handed back as output), its content goes and the empty mount point stays for release().
 */
async function removeGivenUp(directory: string): Promise<void> {
  try {
    await rm(directory, { recursive: true, force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
  }
}

/** release() may be called more than once (a finally block and a cancellation): the work happens once. */
function once(task: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= task());
}
