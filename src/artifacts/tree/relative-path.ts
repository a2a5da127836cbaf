import { PipewrightError } from '../../core/errors/index.js';

/**
 * Checks a path that names an entry inside a tree (a zip entry, a manifest entry, an object key mapped
 * to a file) and returns it without a trailing slash. Refusing absolute paths, `..`, `.` and empty
 * segments here is what stops zip-slip: no entry can name a place outside the tree it is written into.
 */
export function checkRelativePath(path: string, where: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const problem = relativePathProblem(trimmed);
  if (problem !== undefined) {
    throw new PipewrightError('ValidationException', `${where}: the path ${JSON.stringify(path)} ${problem}.`);
  }
  return trimmed;
}

function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return 'is absolute';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
    if (Buffer.byteLength(segment) > 255) return 'has a segment longer than 255 bytes';
  }
  return undefined;
}

/** The parent directories of `path` ("a/b/c" → ["a", "a/b"]). */
export function parentDirectories(path: string): string[] {
  const segments = path.split('/');
  const parents: string[] = [];
  for (let i = 1; i < segments.length; i++) parents.push(segments.slice(0, i).join('/'));
  return parents;
}
