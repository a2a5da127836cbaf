import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitContext } from './git-environment.js';

/** The sha256 and size of a git blob's content: what the artifact store names that content by. */
export interface ContentDigest {
  sha256: string;
  size: number;
}

const linePattern = /^([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{64}) (\d{1,15}) ([0-9a-f]{8})$/;
/** Repositories whose digests stay loaded in memory; past that, all are dropped and reloaded on use. */
const loadedLimit = 64;
const loaded = new Map<string, Map<string, ContentDigest>>();

/**
 * What a repository's blobs are in the artifact store's terms: git blob id → sha256 and size of the
 * content. Both are names of the same bytes, so an entry never goes stale; whether the store still
 * holds the content is the store's question (putTree reads the blob again when it does not).
 *
 * Kept per repository in `<cache>/blob-digests/<sha256 of the git dir>.log`, one line per blob,
 * appended: a line cut short by a crash, or glued to the next one, fails its fields or its check (the
 * first 8 hex digits of the sha256 of the three fields) and is ignored. Losing lines costs only a read
 * of those blobs again. In memory after the first use.
 */
export class BlobDigests {
  private readonly fresh: string[] = [];

  private constructor(
    private readonly file: string,
    private readonly known: Map<string, ContentDigest>,
  ) {}

  static async open(context: GitContext, gitDir: string): Promise<BlobDigests> {
    const directory = join(context.cacheRoot, 'blob-digests');
    const file = join(directory, `${createHash('sha256').update(gitDir).digest('hex').slice(0, 32)}.log`);
    let known = loaded.get(file);
    if (known === undefined) {
      known = await readDigests(file);
      if (loaded.size >= loadedLimit) loaded.clear();
      loaded.set(file, known);
      await mkdir(directory, { recursive: true });
    }
    return new BlobDigests(file, known);
  }

  get(blobId: string): ContentDigest | undefined {
    return this.known.get(blobId);
  }

  add(blobId: string, digest: ContentDigest): void {
    if (this.known.has(blobId)) return;
    this.known.set(blobId, digest);
    const fields = `${blobId} ${digest.sha256} ${digest.size}`;
    this.fresh.push(`${fields} ${checkOf(fields)}\n`);
  }

  /** Appends what was learnt since the last save, in one write. */
  async save(): Promise<void> {
    if (this.fresh.length === 0) return;
    const lines = this.fresh.splice(0).join('');
    await appendFile(this.file, lines);
  }
}

async function readDigests(file: string): Promise<Map<string, ContentDigest>> {
  const known = new Map<string, ContentDigest>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return known;
    throw error;
  }
  const lines = text.split('\n');
  // The last piece has no newline: complete lines only.
  lines.pop();
  for (const line of lines) {
    const match = linePattern.exec(line);
    if (match !== null && checkOf(line.slice(0, -9)) === match[4]) known.set(match[1] as string, { sha256: match[2] as string, size: Number(match[3]) });
  }
  return known;
}

function checkOf(fields: string): string {
  return createHash('sha256').update(fields).digest('hex').slice(0, 8);
}
