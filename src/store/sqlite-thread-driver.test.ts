import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../core/contracts/store.js';
import { openStore } from './open-store.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipewright-sqlite-'));
  store = await openStore({ kind: 'sqlite', path: join(dir, 'pipewright.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const arn = 'arn:aws:codepipeline:us-east-1:123456789012:demo';

describe('the SQLite store: writes on their own thread, reads here', () => {
  it('answers a read while a write transaction is open, with what was committed before it', async () => {
    await store.putTags(arn, [{ key: 'team', value: 'blue' }]);
    let readMeanwhile: unknown;
    await store.transaction(async (inTransaction) => {
      await inTransaction.putTags(arn, [{ key: 'team', value: 'red' }]);
      // The transaction is open on the writer thread; a read outside it neither waits nor sees it.
      readMeanwhile = await store.listTags(arn);
      expect(await inTransaction.listTags(arn)).toEqual([{ key: 'team', value: 'red' }]);
    });
    expect(readMeanwhile).toEqual([{ key: 'team', value: 'blue' }]);
    expect(await store.listTags(arn)).toEqual([{ key: 'team', value: 'red' }]);
  });

  it('rolls a failed transaction back and reports the error of SQLite', async () => {
    await expect(
      store.transaction(async (inTransaction) => {
        await inTransaction.putTags(arn, [{ key: 'team', value: 'green' }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.listTags(arn)).toEqual([]);
  });

  it('keeps writes that race in one order, each whole', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.putTags(arn, [{ key: `k${index % 5}`, value: String(index) }])));
    const tags = await store.listTags(arn);
    expect(tags.map((tag) => tag.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    // The last of the writes of each key wins (writes run in the order they were asked).
    expect(tags.map((tag) => tag.value)).toEqual(['15', '16', '17', '18', '19']);
  });
});

describe.runIf(process.platform === 'linux')('the SQLite writer thread', () => {
  it('runs at a lower priority than the serving thread', async () => {
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
    const niceOf = async (tid: string): Promise<number> => {
      const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    await store.putTags(arn, [{ key: 'team', value: 'blue' }]);
    const nice = await Promise.all((await readdir('/proc/self/task')).map(niceOf));
    const serving = await niceOf(String(process.pid));
    // Ten steps lower than the serving thread (as far as 19, the lowest).
    expect(nice.filter((value) => value > serving)).toEqual(serving < 19 ? [Math.min(19, serving + 10)] : []);
  });
});
