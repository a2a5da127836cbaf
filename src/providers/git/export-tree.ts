import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from './git-process.js';

/**
 * Writes the files of `commit` into `destination` (CODE_ZIP): the tree only, no `.git`, executable
 * bits and symbolic links as git records them. It reads the tree into a throwaway index kept in
 * `scratch` and checks that index out (`read-tree --reset -u`: one process, where read-tree then
 * checkout-index took two), so the source repository (which may be serving pushes at the same moment)
 * is only read, never written: no index, no HEAD, no lock of it is touched.
 */
export async function exportTree(
  env: NodeJS.ProcessEnv,
  gitDir: string,
  commit: string,
  destination: string,
  scratch: string,
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(destination, { recursive: true });
  await mkdir(scratch, { recursive: true });
  const indexFile = join(scratch, `export-${randomUUID()}.index`);
  const withIndex = { ...env, GIT_INDEX_FILE: indexFile };
  const aborting = signal ? { signal } : {};
  try {
    await runGit({ args: ['--git-dir', gitDir, '--work-tree', destination, 'read-tree', '--reset', '-u', commit], env: withIndex, ...aborting });
  } finally {
    await rm(indexFile, { force: true });
  }
}
