/**
 * How much it costs to pass a source artifact through three actions: a 500 MB tree of mixed file sizes
 * is put into the filesystem artifact store once (consumed), then checked out by three actions, and
 * the same is done with `cp -r` three times as the baseline. Time and extra disk are measured in the
 * same run (the machine is shared and noisy: only ratios within one run mean anything).
 *
 *   node --import tsx bench/artifacts-pass.ts [--megabytes 500]
 *
 * Extra disk is measured with du over the store and the checkouts together (du counts a hard-linked
 * inode once, which is exactly the question); overlay checkouts are measured by their private upper
 * layers, since du would count the files seen through a mount again. statfs is printed beside it: it
 * sees the whole filesystem, including other processes' writes.
 *
 * Targets, as ratios to the cp -r baseline: extra disk ≤ 2% for read-only and overlay checkouts (they
 * share the blobs' inodes); time ≤ 50%: a checkout's cost is per file (a link, or one mount once the
 * digest's shared tree exists) while cp's is per byte, so the ratio depends on the file mix; this mix
 * (about 3,400 files, mostly small, most bytes in a few large ones) is a typical repository's. The put
 * and the copy fallback have no target: they are printed so the cost of hashing and of copying shows.
 * The process exits with 1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkout } from '../src/core/contracts/artifact-store.js';
import { openFilesystemArtifactStore, type FilesystemArtifactStore } from '../src/artifacts/index.js';

const megabytes = Number(process.argv[process.argv.indexOf('--megabytes') + 1] ?? 500) || 500;
const actions = 3;
const work = mkdtempSync(join(tmpdir(), 'pipewright-bench-artifacts-'));

interface Row {
  scenario: string;
  seconds: number;
  extraBytes: number;
  statfsBytes: number;
  /** Targets as ratios to the cp -r baseline (undefined: no target, reported for information). */
  target?: { time: number; disk: number };
}

/** A deterministic mix: many small files, some medium, a few large, like a repository with assets. */
function generateTree(root: string, totalBytes: number): { files: number } {
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let written = 0;
  let files = 0;
  const buffer = Buffer.alloc(64 * 1024 * 1024);
  while (written < totalBytes) {
    const kind = random();
    const size = Math.min(
      totalBytes - written,
      kind < 0.86 ? 512 + Math.floor(random() * 16 * 1024) : kind < 0.998 ? 64 * 1024 + Math.floor(random() * 1024 * 1024) : 16 * 1024 * 1024 + Math.floor(random() * 48 * 1024 * 1024),
    );
    const dir = join(root, `module-${files % 37}`, `part-${files % 11}`);
    mkdirSync(dir, { recursive: true });
    randomFillSync(buffer, 0, size);
    writeFileSync(join(dir, `file-${files}.bin`), buffer.subarray(0, size));
    written += size;
    files += 1;
  }
  return { files };
}

function duBytes(paths: string[]): number {
  if (paths.length === 0) return 0;
  const output = execFileSync('du', ['-skc', ...paths], { encoding: 'utf8' });
  const total = output.trim().split('\n').at(-1) ?? '0';
  return Number(total.split('\t')[0]) * 1024;
}

function usedBytes(): number {
  const stats = statfsSync(work);
  return (stats.blocks - stats.bfree) * stats.bsize;
}

function sync(): void {
  execFileSync('sync');
}

async function timed<T>(task: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await task();
  return { seconds: (performance.now() - started) / 1000, value };
}

async function checkoutScenario(
  store: FilesystemArtifactStore,
  ref: Awaited<ReturnType<FilesystemArtifactStore['putDirectory']>>,
  mode: 'read-only' | 'writable',
  label: string,
  target: Row['target'],
): Promise<Row> {
  const storeRoot = store.layout.root;
  sync();
  const duBefore = duBytes([storeRoot]);
  const statfsBefore = usedBytes();
  const { seconds, value: checkouts } = await timed(async () => {
    const made: Checkout[] = [];
    for (let i = 0; i < actions; i++) made.push(await store.checkout(ref, join(work, `${label}-${i}`), mode));
    return made;
  });
  sync();
  // Overlay checkouts: the store (shared tree, private upper layers) is all they add. The others: du over
  // store and checkouts together counts shared inodes once.
  const overlay = mode === 'writable' && store.writableCheckouts === 'overlay';
  const duAfter = duBytes(overlay ? [storeRoot] : [storeRoot, ...checkouts.map((checkout) => checkout.directory)]);
  const row: Row = { scenario: `${actions} × ${label}`, seconds, extraBytes: duAfter - duBefore, statfsBytes: usedBytes() - statfsBefore, ...(target ? { target } : {}) };
  for (const checkout of checkouts) await checkout.release();
  return row;
}

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(3)} GB`;

async function main(): Promise<void> {
  const source = join(work, 'source');
  const { files } = generateTree(source, megabytes * 1024 * 1024);
  sync();
  const sourceBytes = duBytes([source]);
  console.log(`source tree: ${files} files, ${gb(sourceBytes)} on disk, in ${work}`);

  // Baseline: what passing the tree costs when every action gets its own copy.
  const baselineBefore = usedBytes();
  const copies = Array.from({ length: actions }, (_, i) => join(work, `cp-${i}`));
  const baseline = await timed(() => {
    for (const copy of copies) execFileSync('cp', ['-r', source, copy]);
  });
  sync();
  const rows: Row[] = [{ scenario: `${actions} × cp -r (baseline)`, seconds: baseline.seconds, extraBytes: duBytes(copies), statfsBytes: usedBytes() - baselineBefore }];
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });

  const storeRoot = join(work, 'data', 'artifacts');
  const overlayStore = await openFilesystemArtifactStore({ root: storeRoot });
  sync();
  const putBefore = usedBytes();
  const put = await timed(() => overlayStore.putDirectory(source, { pipelineName: 'bench', artifactName: 'Source', executionId: 'bench' }, { consume: true }));
  sync();
  rows.push({ scenario: 'put once (consume: rename + sha256)', seconds: put.seconds, extraBytes: duBytes([storeRoot]) - sourceBytes, statfsBytes: usedBytes() - putBefore });

  rows.push(await checkoutScenario(overlayStore, put.value, 'read-only', 'read-only checkout (hard links)', { time: 0.5, disk: 0.02 }));
  if (overlayStore.writableCheckouts === 'overlay') {
    rows.push(await checkoutScenario(overlayStore, put.value, 'writable', 'writable checkout (overlay)', { time: 0.5, disk: 0.02 }));
  } else {
    console.log('overlay mounts are not available here (needs root and overlayfs): the overlay row is left out');
  }
  const copyStore = await openFilesystemArtifactStore({ root: storeRoot, overlay: 'off' });
  rows.push(await checkoutScenario(copyStore, put.value, 'writable', 'writable checkout (copy fallback)', undefined));

  printTable(rows);
  rmSync(work, { recursive: true, force: true });
}

function printTable(rows: Row[]): void {
  const base = rows[0];
  if (base === undefined) return;
  const header = ['scenario', 'time', 'extra disk (du)', 'statfs delta', 'time ratio', 'disk ratio', 'target (time, disk)', 'result'];
  const lines = rows.map((row) => {
    const timeRatio = row.seconds / base.seconds;
    const diskRatio = row.extraBytes / base.extraBytes;
    const met = row.target === undefined ? '' : timeRatio <= row.target.time && diskRatio <= row.target.disk ? 'met' : 'MISSED';
    if (met === 'MISSED') process.exitCode = 1;
    return [
      row.scenario,
      `${row.seconds.toFixed(2)} s`,
      gb(row.extraBytes),
      gb(row.statfsBytes),
      timeRatio.toFixed(3),
      diskRatio.toFixed(4),
      row.target === undefined ? '' : `≤ ${row.target.time}, ≤ ${row.target.disk}`,
      met,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log();
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('\nratios are to the cp -r baseline of the same run; statfs counts the whole filesystem (other processes too).');
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 1;
});
