import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeManifest } from '../tree/manifest.js';
import type { ArtifactLayout } from './layout.js';
import { materialize } from './materialize.js';

/**
 * Shared read-only trees of hard links, one per artifact digest, used as the lower layer of overlay
 * checkouts. Building one links every file once; every writable checkout of that digest then mounts it
 * for free. Counted per digest: a tree in use is never removed; unused ones stay as a cache until the
 * sweep removes those whose content is gone.
 */
export class SharedTrees {
  private readonly users = new Map<string, number>();
  private readonly building = new Map<string, Promise<string>>();

  constructor(private readonly layout: ArtifactLayout) {}

  async acquire(manifest: TreeManifest): Promise<string> {
    const digest = manifest.digest;
    this.users.set(digest, (this.users.get(digest) ?? 0) + 1);
    try {
      let pending = this.building.get(digest);
      if (pending === undefined) {
        pending = this.build(manifest);
        this.building.set(digest, pending);
        void pending.finally(() => this.building.delete(digest)).catch(() => undefined);
      }
      return await pending;
    } catch (error) {
      this.release(digest);
      throw error;
    }
  }

  release(digest: string): void {
    const count = (this.users.get(digest) ?? 0) - 1;
    if (count > 0) this.users.set(digest, count);
    else this.users.delete(digest);
  }

  inUse(): ReadonlySet<string> {
    return new Set(this.users.keys());
  }

  /** Removes unused trees whose digest is not in `live`. */
  async prune(live: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.layout.trees);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      if (live.has(name) || this.users.has(name)) continue;
      await rm(join(this.layout.trees, name), { recursive: true, force: true });
    }
  }

  private async build(manifest: TreeManifest): Promise<string> {
    const path = join(this.layout.trees, manifest.digest);
    // A complete tree is only ever renamed into place, so one that exists (even from an earlier run) is whole.
    if (await isDirectory(path)) return path;
    const partial = join(this.layout.trees, `.partial-${randomUUID()}`);
    try {
      await mkdir(partial, { recursive: true });
      await materialize(this.layout, manifest, partial, 'link');
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      if (await isDirectory(path)) return path;
      throw error;
    }
    return path;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
