import { runGit } from './git-process.js';

/** What a source action reports of the commit it checked out (its output variables and revision). */
export interface CommitInfo {
  commitId: string;
  /** ISO-8601 in UTC, as CodePipeline shows AuthorDate and CommitterDate: `2024-05-06T07:08:09Z`. */
  authorDate: string;
  committerDate: string;
  authorName: string;
  /** The full message without its trailing newlines, cut at `maxCommitMessageBytes`. */
  message: string;
}

/** CodePipeline keeps at most 100 KB of a commit message in the CommitMessage variable. */
export const maxCommitMessageBytes = 100 * 1024;

const separator = '\u0000';

/** A commit's metadata as git show prints it; commit-object.ts reads the same from the object, without a process. */
export async function readCommit(env: NodeJS.ProcessEnv, gitDir: string, commit: string): Promise<CommitInfo> {
  const { stdout } = await runGit({
    args: ['--git-dir', gitDir, 'show', '--no-patch', '--no-show-signature', '--encoding=UTF-8', '--format=%H%x00%aI%x00%cI%x00%an%x00%B', '--end-of-options', commit, '--'],
    env,
  });
  const [commitId, authorDate, committerDate, authorName, ...message] = stdout.toString('utf8').split(separator);
  if (commitId === undefined || authorDate === undefined || committerDate === undefined || authorName === undefined) {
    throw new Error(`git show printed no metadata for commit ${commit} in ${gitDir}.`);
  }
  return {
    commitId,
    authorDate: toUtcIso(authorDate),
    committerDate: toUtcIso(committerDate),
    authorName,
    message: truncateUtf8(message.join(separator).replace(/\n+$/, ''), maxCommitMessageBytes),
  };
}

/** `2024-05-06T09:08:09+02:00` → `2024-05-06T07:08:09Z`. */
function toUtcIso(gitIsoDate: string): string {
  const time = Date.parse(gitIsoDate);
  if (Number.isNaN(time)) throw new Error(`git printed a date that is not ISO-8601: ${gitIsoDate}`);
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
