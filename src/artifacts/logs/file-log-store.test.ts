import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../core/contracts/action-log.js';
import { systemClock } from '../../core/clock.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { FileLogStore } from './file-log-store.js';

let dataDir: string;
let time: number;
let store: FileLogStore;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pw-logs-'));
  time = 1_700_000_000_000;
  store = new FileLogStore({ dataDir, clock: { ...systemClock, now: () => time } });
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const id = '0f0e0d0c-0000-4000-8000-000000000001';

async function readAll(logId = id): Promise<{ lines: LogLine[]; complete: boolean }> {
  return store.read(logId, { afterLine: 0, limit: 1_000_000 });
}

async function texts(logId = id): Promise<string[]> {
  return (await readAll(logId)).lines.map((line) => line.text);
}

/** Cuts `text` at the given fractions into chunks (Buffers, so multi-byte characters can be split too). */
function chunked(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('FileLogStore', () => {
  it('stores output line by line with time and stream, numbered from 1', async () => {
    const log = store.open(id);
    log.write('stdout', 'one\ntwo\n');
    time += 5;
    log.write('stderr', Buffer.from('warn\n'));
    log.line('system', 'Phase complete');
    await log.close();
    expect((await readAll()).lines).toEqual([
      { number: 1, time: 1_700_000_000_000, stream: 'stdout', text: 'one' },
      { number: 2, time: 1_700_000_000_000, stream: 'stdout', text: 'two' },
      { number: 3, time: 1_700_000_000_005, stream: 'stderr', text: 'warn' },
      { number: 4, time: 1_700_000_000_005, stream: 'system', text: 'Phase complete' },
    ]);
    expect((await readAll()).complete).toBe(true);
  });

  it('keeps a partial line until its end arrives, closes it before a line of its own, and at close', async () => {
    const log = store.open(id);
    log.write('stdout', 'hal');
    expect(await texts()).toEqual([]);
    log.write('stdout', 'f a line\nand a rest');
    expect(await texts()).toEqual(['half a line']);
    log.line('system', 'Running command next');
    log.write('stdout', 'tail');
    await log.close();
    expect(await texts()).toEqual(['half a line', 'and a rest', 'Running command next', 'tail']);
  });

  it('gives the same lines however the output is cut into chunks, multi-byte characters included', async () => {
    const text = 'première ligne\r\n\nzweite Zeile ✓ 🚀\nthird';
    const closes: Promise<void>[] = [];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (cuts) => {
        const logId = `x${Math.random().toString(16).slice(2)}`;
        const log = store.open(logId);
        for (const chunk of chunked(text, cuts)) log.write('stdout', chunk);
        closes.push(log.close());
        const lines = readFileSync(join(dataDir, 'logs', logId.slice(0, 2), `${logId}.log`), 'utf8')
          .split('\n')
          .slice(0, -1)
          .map((record) => record.slice(record.indexOf(' ') + 3));
        expect(lines).toEqual(['première ligne', '', 'zweite Zeile ✓ 🚀', 'third']);
      }),
      { numRuns: 150 },
    );
    // Every log closed, nothing of theirs left in the thread pool before the folder is removed.
    await Promise.all(closes);
  });

  it('masks secrets wherever the chunks cut them, in every stream, multi-line secrets line by line', async () => {
    const log = store.open(id);
    log.mask('hunter2');
    log.mask('-----BEGIN KEY-----\nAAAA1111\n-----END KEY-----');
    for (const chunk of chunked('password is hunter2, yes hunter2\nkey AAAA1111 end\n', [0.1, 0.22, 0.3, 0.8])) log.write('stdout', chunk);
    log.write('stderr', 'hun');
    log.write('stderr', 'ter2\n');
    log.line('system', 'Exported hunter2');
    await log.close();
    expect(await texts()).toEqual(['password is ***, yes ***', 'key *** end', '***', 'Exported ***']);
    expect(readFileSync(join(dataDir, 'logs', id.slice(0, 2), `${id}.log`), 'utf8')).not.toContain('hunter2');
  });

  it('cuts an endless line into records without ever letting a secret through the cut', () => {
    const secret = 'S3CR3T-VALUE-0123456789';
    fc.assert(
      fc.property(fc.integer({ min: 60_000, max: 70_000 }), fc.integer({ min: 1, max: 5000 }), (at, chunkSize) => {
        const logId = `y${Math.random().toString(16).slice(2)}`;
        const log = store.open(logId);
        log.mask(secret);
        const line = 'x'.repeat(at) + secret + 'y'.repeat(200_000 - at);
        for (let start = 0; start < line.length; start += chunkSize) log.write('stdout', line.slice(start, start + chunkSize));
        void log.close();
        const stored = readFileSync(join(dataDir, 'logs', logId.slice(0, 2), `${logId}.log`), 'utf8');
        const joined = stored
          .split('\n')
          .slice(0, -1)
          .map((record) => record.slice(record.indexOf(' ') + 3))
          .join('');
        expect(stored.split('\n').length).toBeGreaterThan(2);
        expect(joined).not.toContain(secret.slice(0, 12));
        expect(joined).toBe('x'.repeat(at) + '***' + 'y'.repeat(200_000 - at));
      }),
      { numRuns: 20 },
    );
  });

  it('reads while the log is written: pages after a line, complete only once closed and read to the end', async () => {
    const log = store.open(id);
    log.write('stdout', Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    expect(await store.read(id, { afterLine: 3, limit: 2 })).toEqual({
      lines: [
        { number: 4, time, stream: 'stdout', text: 'line 4' },
        { number: 5, time, stream: 'stdout', text: 'line 5' },
      ],
      complete: false,
    });
    expect(await store.read(id, { afterLine: 10, limit: 5 })).toEqual({ lines: [], complete: false });
    log.write('stdout', 'line 11\n');
    await log.close();
    expect((await store.read(id, { afterLine: 9, limit: 1 })).complete).toBe(false);
    expect(await store.read(id, { afterLine: 10, limit: 5 })).toEqual({ lines: [{ number: 11, time, stream: 'stdout', text: 'line 11' }], complete: true });
  });

  it('finds any line of a long log, reading from remembered checkpoints as it grows', async () => {
    const log = store.open(id);
    const total = 5000;
    for (let i = 1; i <= total; i += 100) log.write('stdout', Array.from({ length: 100 }, (_, k) => `n${i + k}`).join('\n') + '\n');
    // Reading far into the log first, then earlier, then later, must give the same lines as counting.
    for (const after of [4321, 17, 1023, 1024, 2048, 4999, 0]) {
      const { lines } = await store.read(id, { afterLine: after, limit: 3 });
      expect(lines.map((line) => [line.number, line.text])).toEqual(
        [after + 1, after + 2, after + 3].filter((n) => n <= total).map((n) => [n, `n${n}`]),
      );
    }
    log.write('stdout', 'n5001\n');
    expect((await store.read(id, { afterLine: 5000, limit: 3 })).lines.map((l) => l.text)).toEqual(['n5001']);
    await log.close();
  });

  it('returns nothing for a log never written, and refuses an id that is not one', async () => {
    expect(await store.read('00000000-0000-4000-8000-00000000ffff', { afterLine: 0, limit: 10 })).toEqual({ lines: [], complete: false });
    await expect(store.read('../../etc/passwd', { afterLine: 0, limit: 10 })).rejects.toSatisfy(
      (error: unknown) => isPipewrightError(error) && error.code === 'ValidationException',
    );
  });

  it('continues a log opened again, completing a record a crash cut short', async () => {
    const first = store.open(id);
    first.write('stdout', 'before\n');
    await first.close();
    writeFileSync(join(dataDir, 'logs', id.slice(0, 2), `${id}.log`), `${time} o cut sho`, { flag: 'a' });
    const again = store.open(id);
    expect((await readAll()).complete).toBe(false);
    again.line('system', 'Job started again');
    await again.close();
    expect((await readAll()).lines.map((line) => [line.number, line.text])).toEqual([
      [1, 'before'],
      [2, 'cut sho'],
      [3, 'Job started again'],
    ]);
  });

  it('completes a log opened again that its second run closes without a line', async () => {
    const first = store.open(id);
    first.write('stdout', 'from the first run\n');
    await first.close();
    const again = store.open(id);
    expect((await readAll()).complete).toBe(false);
    await again.close();
    expect(await readAll()).toEqual({ lines: [{ number: 1, time, stream: 'stdout', text: 'from the first run' }], complete: true });
  });

  it('marks every closed log by its mode alone: an empty one is an empty read-only file', async () => {
    const folder = join(dataDir, 'logs', id.slice(0, 2));
    const written = store.open(id);
    written.write('stdout', 'one line\n');
    expect((await readAll()).complete).toBe(false);
    await written.close();
    expect((await readAll()).complete).toBe(true);
    expect(statSync(join(folder, `${id}.log`)).mode & 0o222).toBe(0);

    const emptyId = `${id.slice(0, 2)}0e0d0c-0000-4000-8000-000000000002`;
    const empty = store.open(emptyId);
    expect(await readAll(emptyId)).toEqual({ lines: [], complete: false });
    await empty.close();
    expect(await readAll(emptyId)).toEqual({ lines: [], complete: true });
    expect(readdirSync(folder).sort()).toEqual([`${id}.log`, `${emptyId}.log`]);
    expect(statSync(join(folder, `${emptyId}.log`))).toMatchObject({ size: 0 });
    expect(statSync(join(folder, `${emptyId}.log`)).mode & 0o222).toBe(0);
  });

  it('creates a new log file as it opens, incomplete, and writes the lines to it once it is there', async () => {
    const file = join(dataDir, 'logs', id.slice(0, 2), `${id}.log`);
    const log = store.open(id);
    await vi.waitFor(() => expect(statSync(file)).toMatchObject({ size: 0 }));
    expect(statSync(file).mode & 0o222).not.toBe(0);
    expect(await readAll()).toEqual({ lines: [], complete: false });
    log.write('stdout', 'after the file was made\n');
    expect(await texts()).toEqual(['after the file was made']);
    await log.close();
    expect(await readAll()).toEqual({ lines: [{ number: 1, time, stream: 'stdout', text: 'after the file was made' }], complete: true });
    expect(readdirSync(join(dataDir, 'logs', id.slice(0, 2)))).toEqual([`${id}.log`]);
  });

  it('makes the empty logs of folders not there yet', async () => {
    const ids = Array.from({ length: 40 }, (_, folder) => `${(folder + 16).toString(16)}0e0d0c-0000-4000-8000-000000000001`);
    await Promise.all(ids.map((emptyId) => store.open(emptyId).close()));
    for (const emptyId of ids) expect(await readAll(emptyId)).toEqual({ lines: [], complete: true });
    expect(await readAll('500e0d0c-0000-4000-8000-000000000009')).toEqual({ lines: [], complete: false });
  });

  it('turns the marks of earlier versions (.done files, empty-logs lists) into the one mark when opened', async () => {
    const listedId = `${id.slice(0, 2)}0e0d0c-0000-4000-8000-000000000002`;
    const doneOnlyId = `${id.slice(0, 2)}0e0d0c-0000-4000-8000-000000000003`;
    const openId = `${id.slice(0, 2)}0e0d0c-0000-4000-8000-000000000004`;
    // A data directory as an earlier version left it (a fresh one: the stamp of the first open is not there).
    const oldDataDir = mkdtempSync(join(tmpdir(), 'pw-logs-old-'));
    const oldFolder = join(oldDataDir, 'logs', id.slice(0, 2));
    mkdirSync(oldFolder, { recursive: true });
    writeFileSync(join(oldFolder, `${id}.log`), `${time} o from before\n`);
    writeFileSync(join(oldFolder, `${id}.done`), '');
    writeFileSync(join(oldFolder, `${doneOnlyId}.done`), '');
    writeFileSync(join(oldFolder, 'empty-logs'), `${listedId}\n`);
    writeFileSync(join(oldFolder, `${openId}.log`), `${time} o still running\n`);
    try {
      store = new FileLogStore({ dataDir: oldDataDir, clock: { ...systemClock, now: () => time } });
      expect(await readAll()).toEqual({ lines: [{ number: 1, time, stream: 'stdout', text: 'from before' }], complete: true });
      expect(await readAll(listedId)).toEqual({ lines: [], complete: true });
      expect(await readAll(doneOnlyId)).toEqual({ lines: [], complete: true });
      expect((await readAll(openId)).complete).toBe(false);
      expect(readdirSync(oldFolder).sort()).toEqual([id, listedId, doneOnlyId, openId].map((logId) => `${logId}.log`).sort());
    } finally {
      rmSync(oldDataDir, { recursive: true, force: true });
    }
  });
});
