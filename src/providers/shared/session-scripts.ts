import { MarkerScanner } from './marker-scanner.js';

/**
 * The scripts a build's shell runs, POSIX sh so they behave alike under dash and bash.
 *
 * The bootstrap (`sh -c`) reads the path of one script at a time from fd 3 and sources it, with fd 3
 * closed for the commands, then prints a done marker with the script's status. On any unplanned way
 * out (a command's own `exit`, a syntax error, `set -e`) the EXIT trap saves the working directory
 * and exported environment for the shell that takes over, then prints the final marker. When fd 3
 * closes (the build is done), the loop ends and the shell leaves without saving.
 */
export function bootstrapScript(nonce: string, stateFile: string): string {
  const marker = MarkerScanner.prefixFor(nonce);
  return [
    `__pw_save() { { printf '%s\\000' "$PWD"; env -0; } > ${quote(stateFile)} 2>/dev/null; }`,
    `trap '__pw_save; printf "${marker}X\\n"' EXIT`,
    'while IFS= read -r __pw_script <&3; do',
    '  . "$__pw_script" 3<&-',
    `  printf '${marker}P:%d\\n' "$?"`,
    'done',
    'trap - EXIT',
    '',
  ].join('\n');
}

/**
 * A list of commands, each between a start and an end marker, returning at the first that fails.
 * Commands are written as they are, each followed by an empty line, so a command ending in a
 * backslash or holding a here-document cannot swallow the marker line after it. `exports` are set
 * first (CODEBUILD_BUILD_SUCCEEDING after a failed phase).
 */
export function commandScript(commands: readonly string[], nonce: string, exports: Record<string, string> = {}): string {
  const marker = MarkerScanner.prefixFor(nonce);
  const lines = Object.entries(exports).map(([name, value]) => `export ${name}=${quote(value)}`);
  commands.forEach((command, index) => {
    lines.push(
      `printf '${marker}S${index}\\n'`,
      command,
      '',
      `__pw_rc=$?; printf '${marker}E${index}:%d\\n' "$__pw_rc"; [ "$__pw_rc" -eq 0 ] || return "$__pw_rc"`,
    );
  });
  lines.push('');
  return lines.join('\n');
}

/** Saves the state now, for a caller that wants it (exported variables, an artifact name). */
export function saveStateScript(): string {
  return '__pw_save\n';
}

/** Single-quotes a word for sh. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
