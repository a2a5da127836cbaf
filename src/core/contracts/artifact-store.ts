import type { Readable } from 'node:stream';

/**
 * Artifacts are the immutable trees of files that flow between actions (a source checkout, a build's
 * output). An ArtifactRef is all the engine keeps of one: passing it to the next action never copies
 * the files. Two implementations live in src/artifacts: the filesystem (default, content-addressed,
 * zero-copy where it can) and any S3-compatible object store.
 */
export interface ArtifactRef {
  /** The bucket and key CodePipeline would show for it (input/output artifact `s3location`). */
  bucket: string;
  key: string;
  /** Content identity of the tree (hex sha256); equal trees have equal digests. */
  digest: string;
  /** Total bytes of the files and their count, for display and retention. */
  size: number;
  fileCount: number;
}

/** Who an artifact belongs to: it names the key (`<pipeline>/<artifact>/<id>`), as CodePipeline does. */
export interface ArtifactOwner {
  pipelineName: string;
  artifactName: string;
  executionId: string;
  /**
   * The pipeline's artifact store location (`artifactStore.location`). The filesystem store shows it as
   * the ref's bucket; the S3 store keeps every artifact in its one configured bucket and ignores it.
   */
  bucket?: string;
}

export interface ArtifactStore {
  /**
   * Stores the tree under `directory` as a new artifact. With `consume` the caller gives the directory
   * up: the filesystem store moves its files into its content store (rename, no copy) and removes what
   * is left. The processes that wrote it must have ended: a file still open for writing would change
   * stored content. Files keep their executable bit only (0644/0755, as in git); symlinks stay symlinks.
   */
  putDirectory(directory: string, owner: ArtifactOwner, options?: { consume?: boolean }): Promise<ArtifactRef>;
  /**
   * Stores a tree given entry by entry, for a producer that can name its files' content before reading
   * it (a git source remembers the sha256 of every git blob it stored). A file whose `known` content the
   * store still holds is not read at all; any other file is read once through `open()`, and `stored`
   * then tells the producer its sha256. The artifact is the same as putDirectory of the same tree.
   */
  putTree(entries: readonly TreeSourceEntry[], owner: ArtifactOwner): Promise<ArtifactRef>;
  /** Stores the contents of a zip archive as a new artifact. */
  putZip(zipPath: string, owner: ArtifactOwner): Promise<ArtifactRef>;
  /**
   * Materialises the artifact at `directory` (created if missing, must be empty). `read-only` lets the
   * store share files (hard links to read-only blobs): the caller promises not to write them, and root
   * could. `writable` gives the caller a tree it may change freely, without copying where the store can
   * avoid it (an overlay on a shared read-only tree; its files then show the read-only modes 0444/0555
   * but are writable by the root process that mounted it). Call `release()` when done: it undoes
   * mounts and removes the directory.
   */
  checkout(ref: ArtifactRef, directory: string, mode: 'read-only' | 'writable'): Promise<Checkout>;
  /** Writes the artifact as a zip archive at `zipPath` (for Lambda, job workers, S3 deploy without extract). */
  writeZip(ref: ArtifactRef, zipPath: string): Promise<void>;
  /** Whether the artifact's content is still stored. */
  exists(ref: ArtifactRef): Promise<boolean>;
  /**
   * Removes artifacts created before `olderThan` whose digests are not in `keep` (those still referenced
   * by an in-progress or retryable execution). Returns what was removed.
   */
  sweep(options: { olderThan: number; keep: ReadonlySet<string> }): Promise<{ removedArtifacts: number; freedBytes: number }>;
}

/** One entry of a tree handed to putTree: paths are relative, with `/` separators. */
export type TreeSourceEntry =
  | {
      type: 'file';
      path: string;
      executable: boolean;
      /** The content's sha256 and size as the producer remembers them: a promise, checked against the store. */
      known?: { sha256: string; size: number };
      /** The content, read only when the store does not hold `known`. */
      open(): Promise<Readable>;
      /** Called with the sha256 and size of content the store read through `open()`. */
      stored?(content: { sha256: string; size: number }): void;
    }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'dir'; path: string };

export interface Checkout {
  directory: string;
  release(): Promise<void>;
}
