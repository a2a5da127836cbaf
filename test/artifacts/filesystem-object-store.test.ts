import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from '../../src/artifacts/index.js';
import { removeTemporaryDirectories, temporaryDirectory, writeTree } from './kit/trees.js';

afterEach(() => removeTemporaryDirectories());

function openStore(): { store: FilesystemObjectStore; root: string } {
  const root = join(temporaryDirectory('buckets'), 'buckets');
  return { store: new FilesystemObjectStore(root), root };
}

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const md5 = (content: string): string => `"${createHash('md5').update(content).digest('hex')}"`;

describe('FilesystemObjectStore', () => {
  it('keeps bucket B, key K as the file buckets/B/K, with an S3-style ETag and the metadata', async () => {
    const { store, root } = openStore();
    const version = await store.putObject({
      bucket: 'source-bucket',
      key: 'apps/app.zip',
      body: Readable.from([Buffer.from('zip bytes')]),
      metadata: { 'codepipeline-artifact-revision-summary': 'first' },
      cacheControl: 'max-age=60',
      contentType: 'application/zip',
    });
    expect(readFileSync(join(root, 'source-bucket/apps/app.zip'), 'utf8')).toBe('zip bytes');
    expect(version).toMatchObject({
      bucket: 'source-bucket',
      key: 'apps/app.zip',
      etag: md5('zip bytes'),
      size: 9,
      metadata: { 'codepipeline-artifact-revision-summary': 'first' },
      cacheControl: 'max-age=60',
      contentType: 'application/zip',
    });
    expect(version.versionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await store.headObject('source-bucket', 'apps/app.zip')).toEqual(version);
    const got = await store.getObject('source-bucket', 'apps/app.zip');
    expect(got?.version).toEqual(version);
    expect(await text(got!.body)).toBe('zip bytes');
  });

  it('gives every put a new version and keeps older versions readable by id', async () => {
    const { store } = openStore();
    const first = await store.putObject({ bucket: 'b1', key: 'k', body: 'one' });
    const second = await store.putObject({ bucket: 'b1', key: 'k', body: 'two' });
    expect(second.versionId).not.toBe(first.versionId);
    expect((await store.headObject('b1', 'k'))?.versionId).toBe(second.versionId);
    expect(await text((await store.getObject('b1', 'k', first.versionId))!.body)).toBe('one');
    expect(await text((await store.getObject('b1', 'k', second.versionId))!.body)).toBe('two');
    expect(await store.headObject('b1', 'k', first.versionId)).toEqual(first);
    expect(await store.getObject('b1', 'k', 'no-such-version')).toBeUndefined();
    expect(await store.headObject('b1', 'missing')).toBeUndefined();
    expect(await store.headObject('no-bucket', 'k')).toBeUndefined();
  });

  it('turns a file changed by hand in the bucket folder into a new version', async () => {
    const { store, root } = openStore();
    const put = await store.putObject({ bucket: 'b1', key: 'drop/app.zip', body: 'from the API', metadata: { a: 'b' } });
    writeFileSync(join(root, 'b1/drop/app.zip'), 'copied in by hand');
    const seen = await store.headObject('b1', 'drop/app.zip');
    expect(seen?.versionId).not.toBe(put.versionId);
    expect(seen).toMatchObject({ etag: md5('copied in by hand'), size: 17, metadata: {} });
    // Asked again, the same file is the same version.
    expect((await store.headObject('b1', 'drop/app.zip'))?.versionId).toBe(seen?.versionId);
    // The API's version was overwritten in place by hand: its content is gone, so is the version.
    expect(await store.getObject('b1', 'drop/app.zip', put.versionId)).toBeUndefined();

    writeFileSync(join(root, 'b1/brand-new.zip'), 'new file');
    expect(await store.headObject('b1', 'brand-new.zip')).toMatchObject({ etag: md5('new file') });
  });

  it('lists keys under a prefix, sorted', async () => {
    const { store } = openStore();
    for (const key of ['b/2', 'a', 'b/1', 'c/d/e']) await store.putObject({ bucket: 'list-me', key, body: key });
    expect((await store.listObjects('list-me')).map((version) => version.key)).toEqual(['a', 'b/1', 'b/2', 'c/d/e']);
    expect((await store.listObjects('list-me', 'b/')).map((version) => version.key)).toEqual(['b/1', 'b/2']);
    expect((await store.listObjects('list-me', 'c')).map((version) => version.key)).toEqual(['c/d/e']);
  });

  it('deletes like a versioned bucket: the key goes, its versions stay readable by id', async () => {
    const { store, root } = openStore();
    const put = await store.putObject({ bucket: 'b1', key: 'dir/k', body: 'kept' });
    await store.deleteObject('b1', 'dir/k');
    expect(await store.headObject('b1', 'dir/k')).toBeUndefined();
    expect(existsSync(join(root, 'b1/dir'))).toBe(false);
    expect(await text((await store.getObject('b1', 'dir/k', put.versionId))!.body)).toBe('kept');
    await store.deleteObject('b1', 'never-there');
  });

  it('refuses keys and buckets a folder cannot hold', async () => {
    const { store } = openStore();
    await store.putObject({ bucket: 'b1', key: 'a', body: 'file' });
    await expect(store.putObject({ bucket: 'b1', key: 'a/b', body: 'x' })).rejects.toMatchObject({ code: 'ValidationException' });
    await store.putObject({ bucket: 'b1', key: 'd/e', body: 'x' });
    await expect(store.putObject({ bucket: 'b1', key: 'd', body: 'x' })).rejects.toMatchObject({ code: 'ValidationException' });
    for (const key of ['../escape', 'a/../../x', '/abs', 'folder/']) {
      await expect(store.putObject({ bucket: 'b1', key, body: 'x' })).rejects.toMatchObject({ code: 'ValidationException' });
    }
    for (const bucket of ['.meta', '..', 'a', 'has/slash']) {
      await expect(store.putObject({ bucket, key: 'k', body: 'x' })).rejects.toMatchObject({ code: 'ValidationException' });
    }
  });

  it('replaces a prefix: new objects in, old ones out, their versions kept', async () => {
    const { store, root } = openStore();
    const untouched = await store.putObject({ bucket: 'site', key: 'other/keep.txt', body: 'outside the prefix' });
    const old = await store.putObject({ bucket: 'site', key: 'www/old.html', body: 'old page' });
    await store.replacePrefix({
      bucket: 'site',
      prefix: 'www/',
      directory: writeTree(temporaryDirectory(), { 'index.html': { content: 'v1' }, 'css/site.css': { content: 'body{}' } }),
      metadata: { deployed: 'v1' },
      cacheControl: 'no-cache',
    });
    expect((await store.listObjects('site')).map((version) => version.key)).toEqual(['other/keep.txt', 'www/css/site.css', 'www/index.html']);
    expect(readFileSync(join(root, 'site/www/index.html'), 'utf8')).toBe('v1');
    expect(lstatSync(join(root, 'site/www')).isSymbolicLink()).toBe(true);
    expect(await store.headObject('site', 'www/index.html')).toMatchObject({ etag: md5('v1'), metadata: { deployed: 'v1' }, cacheControl: 'no-cache' });
    expect(await store.headObject('site', 'other/keep.txt')).toEqual(untouched);
    expect(await store.headObject('site', 'www/old.html')).toBeUndefined();
    expect(await text((await store.getObject('site', 'www/old.html', old.versionId))!.body)).toBe('old page');

    const v1 = (await store.headObject('site', 'www/index.html'))!;
    for (const version of ['v2', 'v3']) {
      await store.replacePrefix({ bucket: 'site', prefix: 'www', directory: writeTree(temporaryDirectory(), { 'index.html': { content: version } }) });
    }
    expect((await store.listObjects('site', 'www/')).map((version) => version.key)).toEqual(['www/index.html']);
    expect(readFileSync(join(root, 'site/www/index.html'), 'utf8')).toBe('v3');
    expect(await text((await store.getObject('site', 'www/index.html', v1.versionId))!.body)).toBe('v1');
    // Generations: the current one and the one before it; older ones are removed.
    expect(readdirSync(join(root, '.meta/site/generations'))).toHaveLength(2);
  });

  it('replaces a prefix atomically for a reader walking the folder at the same time', async () => {
    const { store, root } = openStore();
    const files = Array.from({ length: 20 }, (_, i) => `page-${i}.html`);
    const deploy = (generation: number) =>
      store.replacePrefix({
        bucket: 'live',
        prefix: 'www',
        directory: writeTree(temporaryDirectory(), Object.fromEntries(files.map((name) => [`${name.slice(0, 6)}/${name}`, { content: `generation ${generation}` }]))),
      });
    await deploy(0);

    // The reader runs in its own process, so it reads while this one deploys. It resolves the prefix
    // once per pass (as a server serving one request would) and reads every file below it.
    const stopFile = join(temporaryDirectory(), 'stop');
    const readerScript = `
      const { existsSync, readFileSync, readdirSync, realpathSync } = require('node:fs');
      const { join } = require('node:path');
      const [prefix, stopFile] = process.argv.slice(1);
      let passes = 0, mixed = 0, failures = 0; const seen = new Set();
      const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.isDirectory() ? walk(join(dir, d.name)) : [readFileSync(join(dir, d.name), 'utf8')]);
      while (!existsSync(stopFile)) {
        try {
          const contents = new Set(walk(realpathSync(prefix)));
          if (contents.size !== 1) mixed++;
          for (const c of contents) seen.add(c);
          passes++;
        } catch (error) { failures++; }
      }
      console.log(JSON.stringify({ passes, mixed, failures, generations: seen.size }));
    `;
    const reader = spawn(process.execPath, ['-e', readerScript, join(root, 'live/www'), stopFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    reader.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => reader.on('exit', () => resolve()));

    for (let generation = 1; generation <= 12; generation++) await deploy(generation);
    writeFileSync(stopFile, '');
    await exited;
    const result = JSON.parse(output) as { passes: number; mixed: number; failures: number; generations: number };
    expect(result.mixed).toBe(0);
    expect(result.failures).toBe(0);
    // The reader did read across deploys: it saw several generations, so the check above had something to catch.
    expect(result.generations).toBeGreaterThan(1);
    expect(readFileSync(join(root, 'live/www/page-0/page-0.html'), 'utf8')).toBe('generation 12');
    rmSync(stopFile);
  });

  it('replaces a folder of objects put one by one, and a whole bucket', async () => {
    const { store, root } = openStore();
    await store.putObject({ bucket: 'plain', key: 'www/a.txt', body: 'a' });
    await store.replacePrefix({ bucket: 'plain', prefix: 'www/', directory: writeTree(temporaryDirectory(), { 'b.txt': { content: 'b' } }) });
    expect((await store.listObjects('plain')).map((version) => version.key)).toEqual(['www/b.txt']);
    await store.replacePrefix({ bucket: 'plain', prefix: '', directory: writeTree(temporaryDirectory(), { 'root.txt': { content: 'r' } }) });
    expect((await store.listObjects('plain')).map((version) => version.key)).toEqual(['root.txt']);
    expect(readFileSync(join(root, 'plain/root.txt'), 'utf8')).toBe('r');
    await store.putObject({ bucket: 'plain', key: 'www/x', body: 'x' });
    await expect(store.replacePrefix({ bucket: 'plain', prefix: 'www/x', directory: temporaryDirectory() })).rejects.toMatchObject({ code: 'ValidationException' });
  });
});
