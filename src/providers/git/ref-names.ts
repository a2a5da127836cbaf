/**
 * Branch names and commit ids arrive from pipeline declarations and API calls. Checking them here,
 * with git's own rules (`git check-ref-format --branch`), keeps a hostile value from ever reaching a
 * git command line as an option (`-…`) or as a revision expression (`main~3`, `@{-1}`, `HEAD:path`).
 */
export function isValidBranchName(name: string): boolean {
  if (name === '' || name === '@' || name.length > 255) return false;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  // Control characters and space, and the characters revision syntax gives a meaning to.
  if ([...name].some((character) => character.charCodeAt(0) <= 0x20 || character.charCodeAt(0) === 0x7f)) return false;
  if (/[~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((component) => !component.startsWith('.') && !component.endsWith('.lock'));
}

/** A full (SHA-1 or SHA-256) or abbreviated (at least 7 hex digits) commit id. */
export function isCommitId(value: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(value);
}

export function isFullCommitId(value: string): boolean {
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}
