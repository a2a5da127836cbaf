import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactOwner } from '../../src/core/contracts/artifact-store.js';
import { openFilesystemArtifactStore, type FilesystemArtifactStore } from '../../src/artifacts/index.js';
import { smallTrees } from '../../src/artifacts/filesystem/filesystem-artifact-store.js';
import { contentOf, listTree, removeTemporaryDirectories, sampleTree, temporaryDirectory, writeTree } from './kit/trees.js';

const owner: ArtifactOwner = { pipelineName: 'a-rather-long-pipeline-name', artifactName: 'SourceArtifact', executionId: '0b7c5f0e-0000-4000-8000-000000000001' };

afterEach(() => removeTemporaryDirectories());

/** A store whose writable checkouts are overlays whatever the tree's size, where overlays work (see smallTrees). */
async function openStore(overlay: 'auto' | 'off' = 'auto'): Promise<{ store: FilesystemArtifactStore; root: string }> {
  const root = join(temporaryDirectory('store'), 'artifacts');
  return { store: await openFilesystemArtifactStore({ root, overlay, copyUpTo: { files: 0, bytes: 0 } }), root };
}

function blobFiles(root: string): string[] {
  const blobs = join(root, 'blobs');
  return readdirSync(blobs).flatMap((shard) => readdirSync(join(blobs, shard)).map((name) => join(blobs, shard, name)));
}

function isMountPoint(path: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === path);
}

describe('FilesystemArtifactStore', () => {
  it('stores a tree and gives it back with content, executable bits, symlinks and empty directories', async () => {
    const { store } = await openStore();
    const source = writeTree(temporaryDirectory(), sampleTree);
    const ref = await store.putDirectory(source, owner);
    expect(ref.key).toMatch(/^a-rather-long-pipeli\/SourceArti\/[A-Za-z0-9]{7}$/);
    expect(ref.bucket).toBe('pipewright-artifacts');
    expect(ref.fileCount).toBe(5);
    expect(ref.size).toBe(Buffer.byteLength('# sample\n') * 2 + Buffer.byteLength('console.log("hello");\n') + Buffer.byteLength('export const one = 1;\n') + Buffer.byteLength('#!/bin/sh\necho run\n'));
    // Not consumed: the caller's directory is untouched.
    expect(contentOf(source)).toEqual(contentOf(writeTree(temporaryDirectory(), sampleTree)));

    for (const mode of ['read-only', 'writable'] as const) {
      const checkout = await store.checkout(ref, join(temporaryDirectory(), 'out'), mode);
      expect(contentOf(checkout.directory)).toEqual(contentOf(source));
      await checkout.release();
      expect(existsSync(checkout.directory)).toBe(false);
    }
  });

  it('gives equal trees equal digests and stores identical files once', async () => {
    const { store, root } = await openStore();
    const first = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const second = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), { ...owner, bucket: 'my-artifact-bucket' });
    expect(second.digest).toBe(first.digest);
    expect(second.key).not.toBe(first.key);
    expect(second.bucket).toBe('my-artifact-bucket');
    // Five files, two of them identical (README.md and docs/copy-of-readme.md): four blobs.
    expect(blobFiles(root)).toHaveLength(4);
    const changed = await store.putDirectory(writeTree(temporaryDirectory(), { ...sampleTree, 'README.md': { content: 'changed\n' } }), owner);
    expect(changed.digest).not.toBe(first.digest);
    const modeChanged = await store.putDirectory(writeTree(temporaryDirectory(), { ...sampleTree, 'README.md': { content: '# sample\n', mode: 0o755 } }), owner);
    expect(modeChanged.digest).not.toBe(first.digest);
  });

  it('takes a consumed directory by rename: the blob is the very inode the producer wrote, now read-only', async () => {
    const { store, root } = await openStore();
    const source = writeTree(temporaryDirectory(), { 'big.bin': { content: Buffer.alloc(1 << 20, 7) }, 'tool': { content: 'x', mode: 0o755 } });
    const inode = statSync(join(source, 'big.bin')).ino;
    const ref = await store.putDirectory(source, owner, { consume: true });
    expect(existsSync(source)).toBe(false);
    const blob = blobFiles(root).find((path) => statSync(path).ino === inode);
    expect(blob).toBeDefined();
    expect(statSync(blob!).mode & 0o777).toBe(0o444);
    expect(blobFiles(root).map((path) => statSync(path).mode & 0o777).sort()).toEqual([0o444, 0o555]);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'out'), 'read-only');
    expect(readFileSync(join(checkout.directory, 'big.bin')).equals(Buffer.alloc(1 << 20, 7))).toBe(true);
    await checkout.release();
  });

  it('copies a consumed file that other paths still name, so they cannot change the blob', async () => {
    const { store, root } = await openStore();
    const outside = writeTree(temporaryDirectory(), { 'cache.bin': { content: 'cached' } });
    const source = temporaryDirectory();
    execFileSync('ln', [join(outside, 'cache.bin'), join(source, 'cache.bin')]);
    const ref = await store.putDirectory(source, owner, { consume: true });
    writeFileSync(join(outside, 'cache.bin'), 'changed through the other name');
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'out'), 'read-only');
    expect(readFileSync(join(checkout.directory, 'cache.bin'), 'utf8')).toBe('cached');
    expect(blobFiles(root).every((path) => statSync(path).ino !== statSync(join(outside, 'cache.bin')).ino)).toBe(true);
    await checkout.release();
  });

  it('checks out read-only by hard links: the files share the blobs\u2019 inodes', async () => {
    const { store, root } = await openStore();
    const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'ro'), 'read-only');
    const blobInodes = new Set(blobFiles(root).map((path) => statSync(path).ino));
    for (const file of ['README.md', 'src/index.js', 'bin/run.sh', 'docs/copy-of-readme.md']) {
      expect(blobInodes.has(lstatSync(join(checkout.directory, file)).ino)).toBe(true);
    }
    expect(lstatSync(join(checkout.directory, 'README.md')).ino).toBe(lstatSync(join(checkout.directory, 'docs/copy-of-readme.md')).ino);
    expect(statSync(join(checkout.directory, 'bin/run.sh')).mode & 0o777).toBe(0o555);
    await checkout.release();
  });

  it('refuses to check out into a directory that is not empty', async () => {
    const { store } = await openStore();
    const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const busy = writeTree(temporaryDirectory(), { 'already-here': { content: 'x' } });
    await expect(store.checkout(ref, busy, 'read-only')).rejects.toMatchObject({ code: 'ValidationException' });
    expect(readFileSync(join(busy, 'already-here'), 'utf8')).toBe('x');
  });

  const writableMethods = process.getuid?.() === 0 ? (['overlay', 'copy'] as const) : (['copy'] as const);
  describe.each(writableMethods)('writable checkout by %s', (method) => {
    it('is a tree the caller may change without changing the store', async () => {
      const { store, root } = await openStore(method === 'overlay' ? 'auto' : 'off');
      expect(store.writableCheckouts).toBe(method);
      const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
      const checkout = await store.checkout(ref, join(temporaryDirectory(), 'rw'), 'writable');
      const dir = checkout.directory;
      expect(isMountPoint(dir)).toBe(method === 'overlay');
      // The executable bit is right either way; a copy has the manifest's modes, an overlay shows the blobs'.
      expect(statSync(join(dir, 'README.md')).mode & 0o777).toBe(method === 'copy' ? 0o644 : 0o444);
      expect(statSync(join(dir, 'bin/run.sh')).mode & 0o777).toBe(method === 'copy' ? 0o755 : 0o555);
      if (method === 'overlay') {
        // Zero copy: through the overlay, an untouched file is the blob itself.
        const blobInodes = new Set(blobFiles(root).map((path) => statSync(path).ino));
        expect(blobInodes.has(statSync(join(dir, 'src/lib/util.js')).ino)).toBe(true);
      }
      appendFileSync(join(dir, 'README.md'), 'appended\n');
      writeFileSync(join(dir, 'src/index.js'), 'rewritten');
      chmodSync(join(dir, 'bin/run.sh'), 0o700);
      rmSync(join(dir, 'src/lib'), { recursive: true });
      writeFileSync(join(dir, 'new-file'), 'new');

      const blobsAfter = blobFiles(root).map((path) => ({ path, mode: statSync(path).mode & 0o777, content: readFileSync(path, 'utf8') }));
      expect(blobsAfter.map((blob) => blob.content).sort()).toEqual(['# sample\n', '#!/bin/sh\necho run\n', 'console.log("hello");\n', 'export const one = 1;\n']);
      expect(blobsAfter.map((blob) => blob.mode).sort()).toEqual([0o444, 0o444, 0o444, 0o555]);

      const again = await store.checkout(ref, join(temporaryDirectory(), 'again'), 'read-only');
      expect(contentOf(again.directory)).toEqual(contentOf(writeTree(temporaryDirectory(), sampleTree)));
      await again.release();
      await checkout.release();
      expect(existsSync(dir)).toBe(false);
      expect(isMountPoint(dir)).toBe(false);
      expect(readdirSync(join(root, 'mounts'))).toEqual([]);
    });
  });

  it.runIf(process.getuid?.() === 0)('copies small trees for writable checkouts even where overlays work, and mounts larger ones', async () => {
    const root = join(temporaryDirectory('store'), 'artifacts');
    const store = await openFilesystemArtifactStore({ root });
    expect(store.writableCheckouts).toBe('overlay');
    const small = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const copied = await store.checkout(small, join(temporaryDirectory(), 'small'), 'writable');
    expect(isMountPoint(copied.directory)).toBe(false);
    expect(statSync(join(copied.directory, 'README.md')).mode & 0o777).toBe(0o644);
    expect(contentOf(copied.directory)).toEqual(contentOf(writeTree(temporaryDirectory(), sampleTree)));
    await copied.release();

    const manyFiles = Object.fromEntries(Array.from({ length: smallTrees.files + 1 }, (_, n) => [`file-${n}.txt`, { content: `${n}\n` }]));
    const large = await store.putDirectory(writeTree(temporaryDirectory(), manyFiles), owner);
    const mounted = await store.checkout(large, join(temporaryDirectory(), 'large'), 'writable');
    expect(isMountPoint(mounted.directory)).toBe(true);
    await mounted.release();
    expect(isMountPoint(mounted.directory)).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('opened with the probe left for later, the first writable checkout runs it and is an overlay', async () => {
    const root = join(temporaryDirectory('store'), 'artifacts');
    const store = await openFilesystemArtifactStore({ root, probeLater: true, copyUpTo: { files: 0, bytes: 0 } });
    // Open returned without the probe's mount and unmount (the server's start does not wait for them).
    expect(store.writableCheckouts).toBeUndefined();
    expect(readdirSync(join(root, 'mounts'))).toEqual([]);
    const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'rw'), 'writable');
    expect(store.writableCheckouts).toBe('overlay');
    expect(isMountPoint(checkout.directory)).toBe(true);
    await checkout.release();
    expect(readdirSync(join(root, 'mounts'))).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('unmounts overlays left by a crashed process when the store is opened again', async () => {
    const { store, root } = await openStore('auto');
    const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'left-behind'), 'writable');
    expect(isMountPoint(checkout.directory)).toBe(true);
    // The process "dies" here without release(); the next start opens the same store.
    const reopened = await openFilesystemArtifactStore({ root });
    expect(isMountPoint(checkout.directory)).toBe(false);
    expect(readdirSync(join(root, 'mounts'))).toEqual([]);
    const fresh = await reopened.checkout(ref, join(temporaryDirectory(), 'fresh'), 'writable');
    expect(contentOf(fresh.directory)).toEqual(contentOf(writeTree(temporaryDirectory(), sampleTree)));
    await fresh.release();
  });

  it('sweeps old artifacts but never those whose digest is kept, and frees blobs no artifact uses', async () => {
    const { store, root } = await openStore();
    const kept = await store.putDirectory(writeTree(temporaryDirectory(), { 'kept.txt': { content: 'kept' }, 'shared.txt': { content: 'shared' } }), owner);
    const old = await store.putDirectory(writeTree(temporaryDirectory(), { 'old.txt': { content: 'old content' }, 'shared.txt': { content: 'shared' } }), owner);
    const result = await store.sweep({ olderThan: Date.now() + 1, keep: new Set([kept.digest]) });
    expect(result).toEqual({ removedArtifacts: 1, freedBytes: Buffer.byteLength('old content') });
    expect(await store.exists(kept)).toBe(true);
    expect(await store.exists(old)).toBe(false);
    await expect(store.checkout(old, join(temporaryDirectory(), 'gone'), 'read-only')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    const checkout = await store.checkout(kept, join(temporaryDirectory(), 'still'), 'read-only');
    expect(listTree(checkout.directory).map((entry) => entry.content)).toEqual(['kept', 'shared']);
    await checkout.release();
    expect(blobFiles(root)).toHaveLength(2);

    // Retention removes only what was made before the cut-off.
    const young = await store.sweep({ olderThan: 0, keep: new Set() });
    expect(young).toEqual({ removedArtifacts: 0, freedBytes: 0 });
    expect(await store.sweep({ olderThan: Date.now() + 1, keep: new Set() })).toEqual({ removedArtifacts: 1, freedBytes: Buffer.byteLength('kept') + Buffer.byteLength('shared') });
    expect(blobFiles(root)).toHaveLength(0);
  });

  it('keeps the content of a checkout in use through a sweep that removes its artifact', async () => {
    const { store } = await openStore();
    const ref = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'in-use'), 'writable');
    await store.sweep({ olderThan: Date.now() + 1, keep: new Set() });
    expect(await store.exists(ref)).toBe(false);
    expect(contentOf(checkout.directory)).toEqual(contentOf(writeTree(temporaryDirectory(), sampleTree)));
    await checkout.release();
  });
});
