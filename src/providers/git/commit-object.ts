import { maxCommitMessageBytes, truncateUtf8, type CommitInfo } from './commit-metadata.js';

/**
 * A commit's metadata read from the commit object as `git cat-file` prints it, the way
 * `git show --format=%H%x00%aI%x00%cI%x00%an%x00%B` (readCommit) reads it: the last `author ` and
 * `committer ` lines of the header (pretty.c's parse_commit_header), the name before `<` without its
 * trailing blanks and the seconds and zone after the last `>` (ident.c's split_ident_line), the message
 * after the first empty line.
 *
 * Undefined where git show could print something else, for readCommit to run git instead: a message
 * in another encoding than UTF-8 (show re-encodes it), a NUL byte (show stops there), an ident without
 * a date, on 1 January 1970 or with a zone that is not ±hhmm, no empty line after the header.
 */
export function commitInfoOf(commitId: string, content: Buffer): CommitInfo | undefined {
  if (content.includes(0)) return undefined;
  const text = content.toString('utf8');
  const headerEnd = text.indexOf('\n\n');
  if (headerEnd < 0) return undefined;
  let author: string | undefined;
  let committer: string | undefined;
  for (const line of text.slice(0, headerEnd).split('\n')) {
    if (line.startsWith('author ')) author = line.slice('author '.length);
    else if (line.startsWith('committer ')) committer = line.slice('committer '.length);
    else if (line.startsWith('encoding ') && !/^utf-?8$/i.test(line.slice('encoding '.length))) return undefined;
  }
  const authorIdent = author === undefined ? undefined : identOf(author);
  const committerIdent = committer === undefined ? undefined : identOf(committer);
  if (authorIdent === undefined || committerIdent === undefined) return undefined;
  return {
    commitId,
    authorDate: authorIdent.date,
    committerDate: committerIdent.date,
    authorName: authorIdent.name,
    message: truncateUtf8(text.slice(headerEnd + 2).replace(/\n+$/, ''), maxCommitMessageBytes),
  };
}

/** `Ada Lovelace <ada@example.com> 1700000000 +0200` → the name and the time in UTC, ISO-8601. */
function identOf(ident: string): { name: string; date: string } | undefined {
  const mailStart = ident.indexOf('<');
  const mailEnd = ident.lastIndexOf('>');
  if (mailStart < 0 || mailEnd < mailStart) return undefined;
  // git's blanks are space, tab, CR and LF (its own ctype), not Unicode's.
  const when = /^[ \t\r]*(\d{1,11})[ \t\r]+[+-]([01]\d|2[0-3])[0-5]\d$/.exec(ident.slice(mailEnd + 1));
  if (when === null) return undefined;
  const seconds = Number(when[1]);
  // git show refuses a time before 1970 in the ident's own zone: the first day is left to it.
  if (seconds < 86_400) return undefined;
  const date = new Date(seconds * 1000);
  return { name: ident.slice(0, mailStart).replace(/[ \t\r]+$/, ''), date: date.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
