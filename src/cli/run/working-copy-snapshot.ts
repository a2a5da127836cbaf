import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { git } from './git-command.js';

/**
 * What `pipewright run` runs of a working copy: its HEAD, plus its uncommitted changes (staged or not,
 * and new files git does not ignore) as one commit of their own on top, so that what you see is what
 * runs. The user's working copy, index and repository are left as they were: the snapshot is made with
 * a temporary index and written into a temporary object directory that borrows the repository's
 * objects (git's alternates), and pushed from there. A folder that is no git repository at all is
 * snapshotted whole, as a first commit.
 */
export interface WorkingCopySnapshot {
  path: string;
  commitId: string;
  /** `abc1234 + uncommitted changes`, `abc1234`, or `a folder, not a git repository`. */
  description: string;
  /** Pushes the snapshot to `url` as `refs/heads/<branch>`. */
  push(url: string, branch: string): Promise<void>;
  /** Writes the snapshot as a zip file (an S3 source's object). */
  archive(file: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function snapshotWorkingCopy(path: string): Promise<WorkingCopySnapshot> {
  const directory = resolve(path);
  const scratch = await mkdtemp(join(tmpdir(), 'pipewright-snapshot-'));
  try {
    const top = await git(['rev-parse', '--show-toplevel'], { cwd: directory, allowFailure: true });
    return top.code === 0 ? await snapshotRepository(top.stdout, scratch) : await snapshotFolder(directory, scratch);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function snapshotRepository(top: string, scratch: string): Promise<WorkingCopySnapshot> {
  const objects = (await git(['rev-parse', '--path-format=absolute', '--git-path', 'objects'], { cwd: top })).stdout;
  // git takes GIT_OBJECT_DIRECTORY for a repository only once it exists.
  await mkdir(join(scratch, 'objects', 'info'), { recursive: true });
  await mkdir(join(scratch, 'objects', 'pack'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    GIT_INDEX_FILE: join(scratch, 'index'),
    GIT_OBJECT_DIRECTORY: join(scratch, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
  };
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: top, allowFailure: true });
  const hasHead = head.code === 0 && head.stdout !== '';
  await git(hasHead ? ['read-tree', 'HEAD'] : ['read-tree', '--empty'], { cwd: top, env });
  await git(['add', '--all', '--', '.'], { cwd: top, env });
  const tree = (await git(['write-tree'], { cwd: top, env })).stdout;
  const headTree = hasHead ? (await git(['rev-parse', 'HEAD^{tree}'], { cwd: top })).stdout : '';
  let commitId = head.stdout;
  let description = hasHead ? head.stdout.slice(0, 7) : '';
  if (tree !== headTree) {
    const message = `pipewright run: uncommitted changes of ${top}\n\nWhat the working copy held when \`pipewright run\` started, on top of ${hasHead ? head.stdout : 'nothing (no commit yet)'}.`;
    commitId = (await git(['commit-tree', tree, ...(hasHead ? ['-p', head.stdout] : []), '-m', message], { cwd: top, env: { ...env, ...(await identityFallback(top)) } })).stdout;
    description = hasHead ? `${description} + uncommitted changes` : 'uncommitted files (no commit yet)';
  }
  return snapshot(top, scratch, commitId, description, env);
}

async function snapshotFolder(directory: string, scratch: string): Promise<WorkingCopySnapshot> {
  const gitDir = join(scratch, 'repository.git');
  await git(['init', '--quiet', '--bare', gitDir], { cwd: scratch });
  const env: NodeJS.ProcessEnv = { GIT_DIR: gitDir, GIT_WORK_TREE: directory, GIT_INDEX_FILE: join(scratch, 'index') };
  await git(['add', '--all', '--', '.'], { cwd: directory, env });
  const tree = (await git(['write-tree'], { cwd: directory, env })).stdout;
  const commitId = (await git(['commit-tree', tree, '-m', `pipewright run: the folder ${directory}`], { cwd: directory, env: { ...env, ...(await identityFallback(directory)) } })).stdout;
  return snapshot(directory, scratch, commitId, 'a folder, not a git repository', env);
}

function snapshot(path: string, scratch: string, commitId: string, description: string, env: NodeJS.ProcessEnv): WorkingCopySnapshot {
  return {
    path,
    commitId,
    description,
    push: async (url, branch) => {
      await git(['push', '--quiet', url, `${commitId}:refs/heads/${branch}`], { cwd: path, env });
    },
    archive: async (file) => {
      await git(['archive', '--format=zip', '--output', file, commitId], { cwd: path, env });
    },
    dispose: () => rm(scratch, { recursive: true, force: true }),
  };
}

/** git refuses to commit without an identity: the user's own when configured, else this one. */
async function identityFallback(cwd: string): Promise<NodeJS.ProcessEnv> {
  const configured = await git(['config', 'user.email'], { cwd, allowFailure: true });
  if (configured.code === 0 && configured.stdout !== '') return {};
  return {
    GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'pipewright run',
    GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'run@pipewright.invalid',
    GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'pipewright run',
    GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'run@pipewright.invalid',
  };
}
