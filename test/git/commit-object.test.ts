import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommit } from '../../src/providers/git/commit-metadata.js';
import { commitInfoOf } from '../../src/providers/git/commit-object.js';
import { gitContext, gitEnvironment, type GitContext } from '../../src/providers/git/git-environment.js';
import { closeObjectReaders, withObjectReader } from '../../src/providers/git/object-reader-pool.js';
import { readCommitObject } from '../../src/providers/git/read-commit-object.js';
import { commitFiles, git, initRepository, removeDir, tempDir } from './git-kit.js';

/**
 * Commit metadata read from the object (no process) is what git show prints, commit by commit: odd
 * idents, zones, headers and messages, written byte for byte with `hash-object --literally`. Where the
 * parse leaves a commit to git show (another encoding, a NUL byte), the answer is still git show's.
 */
describe('commit metadata read from the commit object', () => {
  let work: string;
  let gitDir: string;
  let context: GitContext;
  let env: NodeJS.ProcessEnv;
  let tree: string;

  beforeAll(async () => {
    work = tempDir('commit-object');
    const repo = await initRepository(join(work, 'repo'));
    await commitFiles(repo, { 'a.txt': 'a\n' }, 'first');
    gitDir = join(repo, '.git');
    tree = await git(repo, ['rev-parse', 'HEAD^{tree}']);
    context = gitContext(join(work, 'data'));
    env = gitEnvironment(context);
  });
  afterAll(async () => {
    await closeObjectReaders();
    removeDir(work);
  });

  /** Writes a commit object of exactly these header lines and message; returns its id. */
  function commitObject(header: string[], message: Buffer | string): string {
    const content = Buffer.concat([Buffer.from(`tree ${tree}\n${header.join('\n')}\n\n`), Buffer.from(message)]);
    return execFileSync('git', ['--git-dir', gitDir, 'hash-object', '-t', 'commit', '-w', '--literally', '--stdin'], { input: content, env }).toString('utf8').trim();
  }

  const ada = 'author Ada Lovelace <ada@example.com> 1700000000 +0200';
  const grace = 'committer Grace Hopper <grace@example.com> 1700003600 -0530';

  const parsed: [string, string[], Buffer | string][] = [
    ['a plain commit', [ada, grace], 'Subject\n\nBody line\n'],
    ['blanks around the name, kept before and trimmed after', ['author   Ada \t <ada@example.com> 1700000000 +0000', grace], 'm\n'],
    ['no name at all', ['author <ada@example.com> 1700000000 +0000', grace], 'm\n'],
    ['a stray > inside the address', ['author Ada <ada>x@example.com> 1700000000 +1400', grace], 'm\n'],
    ['far zones and old dates', ['author Ada <a@b> 86400 -1200', 'committer Grace <g@h> 99999999 +1345'], 'm\n'],
    ['a date far ahead', ['author Ada <a@b> 99999999999 +0000', grace], 'm\n'],
    ['a signed commit: a header continued on indented lines', [ada, grace, 'gpgsig -----BEGIN PGP SIGNATURE-----', ' author Mallory <m@x> 1 +0000', ' -----END PGP SIGNATURE-----'], 'signed\n'],
    ['two author lines: the last one counts', [ada, 'author Second Author <s@a> 1700000100 +0100', grace], 'm\n'],
    ['UTF-8 named as the encoding', [ada, grace, 'encoding utf-8'], 'héllo\n'],
    ['trailing newlines, CRLF and blank lines inside', [ada, grace], 'Subject\r\n\r\n\n\nBody\n\n\n\n'],
    ['no newline at the end', [ada, grace], 'no newline'],
    ['an empty message', [ada, grace], ''],
    ['bytes that are not UTF-8', [ada, grace], Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])],
    ['unicode in the name and message', ['author Zoë Ünïcödé <z@example.com> 1700000000 +0000', grace], 'Ça va – 😀\n'],
  ];

  it.each(parsed)('reads %s as git show does', async (_title, header, message) => {
    const id = commitObject(header, message);
    const content = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'commit', id], { env });
    const fromObject = commitInfoOf(id, content);
    expect(fromObject).toBeDefined();
    expect(fromObject).toEqual(await readCommit(env, gitDir, id));
  });

  const leftToGit: [string, string[], Buffer | string][] = [
    ['a message in ISO-8859-1', [ada, grace, 'encoding ISO-8859-1'], Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])],
    ['a NUL byte in the message', [ada, grace], Buffer.from('before\0after\n')],
    ['an ident without a date', ['author Ada <a@b>', grace], 'm\n'],
    ['a time before 1970 in its own zone', ['author Ada <a@b> 1 -1200', grace], 'm\n'],
    ['a zone that is not ±hhmm', ['author Ada <a@b> 1700000000 +2', grace], 'm\n'],
  ];

  it.each(leftToGit)('leaves %s to git show, and gives its answer', async (_title, header, message) => {
    const id = commitObject(header, message);
    const content = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'commit', id], { env });
    expect(commitInfoOf(id, content)).toBeUndefined();
    const shown = await readCommit(env, gitDir, id).then(
      (info) => ({ info }),
      (error: Error) => ({ error: error.message }),
    );
    const read = await withObjectReader(context, gitDir, undefined, (reader) => readCommitObject(reader, env, gitDir, id)).then((read) => read?.info).then(
      (info) => ({ info }),
      (error: Error) => ({ error: error.message }),
    );
    expect(read).toEqual(shown);
  });

  it('reads a branch through the running reader, and nothing for a missing one', async () => {
    const head = await git(join(work, 'repo'), ['rev-parse', 'HEAD']);
    const info = await withObjectReader(context, gitDir, undefined, (reader) => readCommitObject(reader, env, gitDir, 'refs/heads/main'));
    expect(info?.tree).toBe(await git(join(work, 'repo'), ['rev-parse', 'HEAD^{tree}']));
    expect(info?.info).toEqual(await readCommit(env, gitDir, head));
    expect(await withObjectReader(context, gitDir, undefined, (reader) => readCommitObject(reader, env, gitDir, 'refs/heads/nope'))).toBeUndefined();
  });
});
