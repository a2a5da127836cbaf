import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFilesystemArtifactStore, type FilesystemArtifactStore } from '../../src/artifacts/index.js';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';
import type { ArtifactRef } from '../../src/core/contracts/artifact-store.js';
import { codeCommitPlan } from '../../src/providers/codecommit/codecommit-source.js';
import { checkOutGitSource, runGitSource } from '../../src/providers/git/run-git-source.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from '../git/git-kit.js';
import { contentOf, removeTemporaryDirectories, temporaryDirectory } from '../artifacts/kit/trees.js';
import { RecordingLog, sourceJob } from './source-kit.js';

/**
 * A CODE_ZIP git source stores a commit from git's own objects: after a one-file change only that
 * blob is read, and the artifact is the one a full export gives. Real server (its git host over HTTP,
 * read through the mirror cache as a remote worker reads it), real git, a real filesystem store.
 */
describe('a CODE_ZIP source after a change', () => {
  let host: GitHost;
  let work: string;
  let local: string;
  let store: FilesystemArtifactStore;
  let storeRoot: string;
  let workerData: string;
  let runs = 0;

  const files: Record<string, string> = {};
  for (let index = 0; index < 40; index++) files[`module-${index % 4}/file-${index}.txt`] = `content of file ${index}\n`.repeat(index + 1);

  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('proportional');
    workerData = join(work, 'worker-data');
    storeRoot = join(work, 'artifacts');
    store = await openFilesystemArtifactStore({ root: storeRoot });
    expect((await host.createRepository('big')).status).toBe(201);
    local = await initRepository(join(work, 'big'));
    writeFileSync(join(local, 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 });
    symlinkSync('docs/readme.md', join(local, 'link'));
    // Big enough to arrive from git in many chunks, read at the pace of the store.
    await commitFiles(local, { ...files, 'docs/readme.md': '# big\n', 'assets/big.bin': randomBytes(3 * 1024 * 1024).toString('base64') }, 'first');
    // A submodule: an export makes it an empty directory.
    await git(local, ['update-index', '--add', '--cacheinfo', `160000,${await git(local, ['rev-parse', 'HEAD'])},vendor/module`]);
    await git(local, ['commit', '--quiet', '-m', 'a submodule']);
    // An unpopulated submodule is an empty directory; without it, `git add --all` would delete it.
    mkdirSync(join(local, 'vendor', 'module'), { recursive: true });
    await push();
  });
  afterAll(async () => {
    await host.close();
    removeDir(work);
    removeTemporaryDirectories();
  });

  async function push(): Promise<void> {
    await git(local, ['push', '--quiet', '--force', `${host.url}/git/big`, 'main']);
  }

  function job(): ActionJob {
    runs += 1;
    const base = sourceJob('CodeCommit', { RepositoryName: 'big', BranchName: 'main' });
    return { ...base, pipeline: { ...base.pipeline, executionId: `0a1b2c3d-0000-4000-8000-${String(runs).padStart(12, '0')}` } };
  }

  /** The provider's run as the worker runs it, on a worker whose data directory is not the server's. */
  async function runSource(artifacts: FilesystemArtifactStore = store): Promise<{ ref: ArtifactRef; log: RecordingLog }> {
    const log = new RecordingLog();
    const tools = { dataDir: workerData, workspace: join(work, `workspace-${runs + 1}`), apiUrl: host.url, artifacts, log };
    const sourceJobOfRun = job();
    const outcome = await runGitSource(sourceJobOfRun, tools, new AbortController().signal, (settings) => Promise.resolve(codeCommitPlan(sourceJobOfRun, tools, settings)));
    if (outcome.status !== 'Succeeded') throw new Error(`the source ended ${outcome.status}: ${log.text}`);
    const ref = outcome.outputArtifacts?.SourceOutput;
    if (ref === undefined) throw new Error('no artifact');
    return { ref, log };
  }

  /** The same commit as every source stored it before: exported with read-tree, stored as a directory. */
  async function fullExport(): Promise<ArtifactRef> {
    const log = new RecordingLog();
    const tools = { dataDir: workerData, workspace: join(work, `export-${runs + 1}`), apiUrl: host.url, log };
    const exportJob = job();
    const checkedOut = await checkOutGitSource(exportJob, tools, new AbortController().signal, (settings) => Promise.resolve(codeCommitPlan(exportJob, tools, settings)));
    return store.putDirectory(checkedOut.directory, { pipelineName: 'export', artifactName: 'Export', executionId: exportJob.pipeline.executionId }, { consume: true });
  }

  function blobNames(): Set<string> {
    const blobs = join(storeRoot, 'blobs');
    return new Set(readdirSync(blobs).flatMap((shard) => readdirSync(join(blobs, shard))));
  }

  async function contentsOf(ref: ArtifactRef): Promise<ReturnType<typeof contentOf>> {
    const checkout = await store.checkout(ref, join(temporaryDirectory('proportional-out'), 'tree'), 'read-only');
    try {
      return contentOf(checkout.directory);
    } finally {
      await checkout.release();
    }
  }

  it('reads every blob once, then after a one-file change only the changed one', async () => {
    const first = await runSource();
    expect(first.log.text).toMatch(/Stored 43 files: 43 read from git/);
    const before = blobNames();

    await commitFiles(local, { 'module-1/file-5.txt': 'changed\n' }, 'one file');
    await push();
    const second = await runSource();
    expect(second.log.text).toMatch(/Stored 43 files: 1 read from git, the others known by their git blob ids/);
    const added = [...blobNames()].filter((name) => !before.has(name));
    expect(added).toEqual([createHash('sha256').update('changed\n').digest('hex')]);
    expect(second.ref.digest).not.toBe(first.ref.digest);
  });

  it('gives the artifact a full export gives: same digest, same files, modes, symlink and submodule directory', async () => {
    const { ref } = await runSource();
    const exported = await fullExport();
    expect(ref.digest).toBe(exported.digest);
    expect(ref.fileCount).toBe(exported.fileCount);
    const seen = await contentsOf(ref);
    expect(seen).toEqual(await contentsOf(exported));
    expect(seen).toContainEqual({ path: 'run.sh', type: 'file', content: '#!/bin/sh\necho run\n', executable: true });
    expect(seen).toContainEqual({ path: 'vendor/module', type: 'dir' });
    expect(seen).toContainEqual({ path: 'link', type: 'symlink', target: 'docs/readme.md' });
  });

  it('reads again what retention removed, and the artifact is still whole', async () => {
    await store.sweep({ olderThan: Date.now() + 1, keep: new Set() });
    expect(blobNames().size).toBe(0);
    await commitFiles(local, { 'module-2/file-6.txt': 'changed again\n' }, 'after the sweep');
    await push();
    const { ref, log } = await runSource();
    expect(log.text).toMatch(/Stored 43 files: 43 read from git/);
    const exported = await fullExport();
    expect(ref.digest).toBe(exported.digest);
    expect(await contentsOf(ref)).toEqual(await contentsOf(exported));
  });

  it('stores two runs of the same commit at once, both whole', async () => {
    const [one, two] = await Promise.all([runSource(), runSource()]);
    expect(one.ref.digest).toBe(two.ref.digest);
    expect(await contentsOf(one.ref)).toEqual(await contentsOf(two.ref));
  });

  it('leaves no artifact when storing fails halfway, and the next run stores it whole', async () => {
    const brokenRoot = join(work, 'broken-artifacts');
    const broken = await openFilesystemArtifactStore({ root: brokenRoot });
    // Files enter the store through staging/: without it, the first blob read fails the put.
    rmSync(join(brokenRoot, 'staging'), { recursive: true });
    const failing = runSource(broken);
    await expect(failing).rejects.toThrow(/ENOENT/);
    expect(readdirSync(join(brokenRoot, 'refs'))).toEqual([]);
    mkdirSync(join(brokenRoot, 'staging'));
    const { ref } = await runSource(broken);
    expect(ref.digest).toBe((await runSource()).ref.digest);
  });

  it('exports a tree with .gitattributes, whose checkout may differ from its blobs', async () => {
    await commitFiles(local, { '.gitattributes': '*.txt text eol=crlf\n' }, 'attributes');
    await push();
    const { ref, log } = await runSource();
    expect(log.text).not.toMatch(/read from git/);
    const seen = await contentsOf(ref);
    expect(seen).toContainEqual({ path: 'module-1/file-5.txt', type: 'file', content: 'changed\r\n', executable: false });
  });
});
