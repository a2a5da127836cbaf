import { describe, expect, it } from 'vitest';
import { buildManifest, type TreeEntry } from '../../src/artifacts/tree/manifest.js';
import { checkRelativePath } from '../../src/artifacts/tree/relative-path.js';

const file = (path: string, sha256 = 'a'.repeat(64), executable = false): TreeEntry => ({ type: 'file', path, executable, size: 1, sha256 });

describe('tree manifests', () => {
  it('does not depend on the order entries were found in, nor on directories that are not empty', () => {
    const a = buildManifest([file('b/x'), file('a'), { type: 'dir', path: 'b' }, { type: 'dir', path: 'c' }], 'test');
    const b = buildManifest([{ type: 'dir', path: 'c/' }, file('a'), file('b/x')], 'test');
    expect(a.digest).toBe(b.digest);
    expect(a.entries.map((entry) => entry.path)).toEqual(['a', 'b/x', 'c']);
  });

  it('changes with content, executable bit, symlink target and empty directories', () => {
    const base = buildManifest([file('a'), { type: 'symlink', path: 'l', target: 'a' }], 'test').digest;
    expect(buildManifest([file('a', 'b'.repeat(64)), { type: 'symlink', path: 'l', target: 'a' }], 'test').digest).not.toBe(base);
    expect(buildManifest([file('a', undefined, true), { type: 'symlink', path: 'l', target: 'a' }], 'test').digest).not.toBe(base);
    expect(buildManifest([file('a'), { type: 'symlink', path: 'l', target: 'b' }], 'test').digest).not.toBe(base);
    expect(buildManifest([file('a'), { type: 'symlink', path: 'l', target: 'a' }, { type: 'dir', path: 'e' }], 'test').digest).not.toBe(base);
  });

  it('refuses duplicates and entries nested under a file or a symlink', () => {
    expect(() => buildManifest([file('a'), file('a')], 'test')).toThrow(/appears twice/);
    expect(() => buildManifest([file('a'), file('a/b')], 'test')).toThrow(/is a file and also holds/);
    expect(() => buildManifest([{ type: 'symlink', path: 'l', target: '/etc' }, file('l/passwd')], 'test')).toThrow(/is a symlink and also holds/);
  });

  it.each(['', '/abs', '../up', 'a/../../up', 'a//b', './a', 'a\\b', 'C:/x', 'nul\0'])('refuses the path %j', (path) => {
    expect(() => checkRelativePath(path, 'test')).toThrow(expect.objectContaining({ code: 'ValidationException' }) as Error);
  });

  it.each(['a', 'a/b/c.txt', 'dir/', '.hidden', 'a..b', 'spaces are fine'])('accepts the path %j', (path) => {
    expect(checkRelativePath(path, 'test')).toBe(path.replace(/\/$/, ''));
  });
});
