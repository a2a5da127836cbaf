import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmptyLogLists } from './empty-log-lists.js';

const root = mkdtempSync(join(tmpdir(), 'pw-empty-logs-'));
afterEach(() => rmSync(root, { recursive: true, force: true }));

// Open descriptors are counted in /proc (Linux).
describe.runIf(process.platform === 'linux')('empty-log lists', () => {
  it('appends to each folder its own ids, closing the least recently used list when more are open than it keeps', () => {
    const lists = new EmptyLogLists(2);
    const paths = (folder: string) => ({ dir: join(root, folder), emptyLogs: join(root, folder, 'empty-logs') });
    const openDescriptors = () => readdirSync('/proc/self/fd').length;
    const before = openDescriptors();
    for (const round of [1, 2]) for (const folder of ['a', 'b', 'c', 'd']) lists.add(paths(folder), `${folder}${round}`);
    // Two lists kept open, not four.
    expect(openDescriptors() - before).toBe(2);
    for (const folder of ['a', 'b', 'c', 'd']) expect(readFileSync(paths(folder).emptyLogs, 'utf8')).toBe(`${folder}1\n${folder}2\n`);
    lists.close();
    expect(openDescriptors()).toBe(before);
  });
});
