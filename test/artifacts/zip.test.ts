import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactOwner } from '../../src/core/contracts/artifact-store.js';
import { openFilesystemArtifactStore } from '../../src/artifacts/index.js';
import { contentOf, listTree, removeTemporaryDirectories, sampleTree, temporaryDirectory, writeTree } from './kit/trees.js';

const owner: ArtifactOwner = { pipelineName: 'zips', artifactName: 'Out', executionId: '0b7c5f0e-0000-4000-8000-000000000002' };

afterEach(() => removeTemporaryDirectories());

async function openStore() {
  return openFilesystemArtifactStore({ root: join(temporaryDirectory('zip-store'), 'artifacts'), overlay: 'off' });
}

/** Builds a zip with Python's zipfile, which writes whatever names it is given: the way to craft a hostile archive. */
function pythonZip(zipPath: string, entries: Array<{ name: string; content: string; unixMode?: number }>): void {
  const script = [
    'import sys, json, zipfile',
    'entries = json.loads(sys.argv[2])',
    "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
    '    for e in entries:',
    "        info = zipfile.ZipInfo(e['name'])",
    '        info.create_system = 3',
    "        info.external_attr = (e.get('unixMode') or 0o100644) << 16",
    "        z.writestr(info, e['content'])",
  ].join('\n');
  execFileSync('python3', ['-c', script, zipPath, JSON.stringify(entries)]);
}

describe('zip packing', () => {
  it('writes zips that Info-ZIP unzip lists and extracts with modes and symlinks intact', async () => {
    const store = await openStore();
    const source = writeTree(temporaryDirectory(), sampleTree);
    const ref = await store.putDirectory(source, owner);
    const zipPath = join(temporaryDirectory(), 'artifact.zip');
    await store.writeZip(ref, zipPath);

    const listed = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(['README.md', 'bin/link-up', 'bin/run.sh', 'docs/copy-of-readme.md', 'empty/nested-empty/', 'link-to-readme', 'src/index.js', 'src/lib/util.js']);
    const extracted = temporaryDirectory();
    execFileSync('unzip', ['-q', zipPath, '-d', extracted]);
    expect(contentOf(extracted)).toEqual(contentOf(source));
    expect(statSync(join(extracted, 'bin/run.sh')).mode & 0o777).toBe(0o755);
  });

  it('writes the same bytes for the same content', async () => {
    const store = await openStore();
    const first = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const second = await store.putDirectory(writeTree(temporaryDirectory(), sampleTree), owner);
    const [a, b] = [join(temporaryDirectory(), 'a.zip'), join(temporaryDirectory(), 'b.zip')];
    await store.writeZip(first, a);
    await store.writeZip(second, b);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('takes zips made by Info-ZIP zip, keeping executables, symlinks and empty directories', async () => {
    const store = await openStore();
    const source = writeTree(temporaryDirectory(), sampleTree);
    const zipPath = join(temporaryDirectory(), 'made-by-zip.zip');
    // -y stores symlinks as symlinks; -r recurses; run inside the tree so names are relative.
    execFileSync('zip', ['-q', '-r', '-y', zipPath, '.'], { cwd: source });
    const ref = await store.putZip(zipPath, owner);
    const fromDirectory = await store.putDirectory(source, owner);
    expect(ref.digest).toBe(fromDirectory.digest);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'out'), 'writable');
    expect(contentOf(checkout.directory)).toEqual(contentOf(source));
    await checkout.release();

    // And back out again: the zip we write, unzipped by unzip, is the tree zip packed.
    const roundTrip = join(temporaryDirectory(), 'round-trip.zip');
    await store.writeZip(ref, roundTrip);
    const extracted = temporaryDirectory();
    execFileSync('unzip', ['-q', roundTrip, '-d', extracted]);
    expect(contentOf(extracted)).toEqual(contentOf(source));
  });

  it.each([
    ['a parent-directory path', '../escaped.txt'],
    ['a nested parent-directory path', 'ok/../../escaped.txt'],
    ['an absolute path', '/tmp/escaped.txt'],
  ])('refuses a zip with %s (zip-slip)', async (_label, name) => {
    const store = await openStore();
    const zipPath = join(temporaryDirectory(), 'evil.zip');
    pythonZip(zipPath, [{ name: 'fine.txt', content: 'fine' }, { name, content: 'escaped' }]);
    await expect(store.putZip(zipPath, owner)).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('refuses a zip that would write through one of its own symlinks', async () => {
    const store = await openStore();
    const outside = temporaryDirectory();
    const zipPath = join(temporaryDirectory(), 'symlink-slip.zip');
    pythonZip(zipPath, [
      { name: 'escape', content: outside, unixMode: 0o120777 },
      { name: 'escape/planted.txt', content: 'planted' },
    ]);
    await expect(store.putZip(zipPath, owner)).rejects.toMatchObject({ code: 'ValidationException' });
    expect(listTree(outside)).toEqual([]);
  });

  it('refuses what is not a zip', async () => {
    const store = await openStore();
    const notZip = join(temporaryDirectory(), 'not.zip');
    writeFileSync(notZip, 'plain text, no central directory');
    await expect(store.putZip(notZip, owner)).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('streams large files in and out without holding them in memory', async () => {
    const store = await openStore();
    const source = temporaryDirectory();
    mkdirSync(source, { recursive: true });
    // 400 MB: sparse zeros with a distinct head and tail, so the content is checked end to end.
    const big = join(source, 'large.bin');
    const size = 400 * 1024 * 1024;
    const fd = openSync(big, 'w');
    writeSync(fd, Buffer.from('head'), 0, 4, 0);
    writeSync(fd, Buffer.from('tail'), 0, 4, size - 4);
    closeSync(fd);

    const ref = await store.putDirectory(source, owner);
    const zipPath = join(temporaryDirectory(), 'large.zip');
    await store.writeZip(ref, zipPath);
    const again = await store.putZip(zipPath, owner);
    expect(again.digest).toBe(ref.digest);
    expect(again.size).toBe(size);
    const checkout = await store.checkout(again, join(temporaryDirectory(), 'out'), 'writable');
    const fdOut = openSync(join(checkout.directory, 'large.bin'), 'r');
    const tail = Buffer.alloc(4);
    readSync(fdOut, tail, 0, 4, size - 4);
    closeSync(fdOut);
    expect(tail.toString()).toBe('tail');
    await checkout.release();
    // ru_maxrss is the process's peak resident size in KiB: far below the file's 400 MB (about 120 MB here).
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(size * 0.75);
  });
});
