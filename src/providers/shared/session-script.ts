import { MarkerScanner } from './marker-scanner.js';

/**
 * The script one shell session runs: the commands in order, each between a start and an end marker,
 * stopping at the first that fails. On any way out (the end, a failure, a command's own `exit`, a
 * syntax error) the EXIT trap saves the working directory and the exported environment for the next
 * session, then prints the final marker. POSIX sh, so it runs the same under dash and bash.
 *
 * Commands are written as they are, each followed by an empty line, so a command ending in a
 * backslash or holding a here-document cannot swallow the marker line after it.
 */
export function sessionScript(commands: readonly string[], nonce: string, stateFile: string): string {
  const marker = MarkerScanner.prefixFor(nonce);
  const lines = [
    `__pw_save() { { printf '%s\\000' "$PWD"; env -0; } > ${quote(stateFile)} 2>/dev/null; printf '${marker}X\\n'; }`,
    'trap __pw_save EXIT',
  ];
  commands.forEach((command, index) => {
    lines.push(
      `printf '${marker}S${index}\\n'`,
      command,
      '',
      `__pw_rc=$?; printf '${marker}E${index}:%d\\n' "$__pw_rc"; [ "$__pw_rc" -eq 0 ] || exit "$__pw_rc"`,
    );
  });
  lines.push('exit 0', '');
  return lines.join('\n');
}

/** Single-quotes a word for sh. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
