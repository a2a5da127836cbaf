/**
 * `$NAME` and `${NAME}` in a buildspec path (artifacts' and reports' `base-directory` and `files`),
 * replaced with the build's environment as it ended, as CodeBuild expands them (AWS's multi-source
 * sample names `base-directory: $CODEBUILD_SRC_DIR_source1`). A variable that is not set expands to
 * nothing, as in the shell; `$$` stays a literal `$`. No commands run: glob characters stay globs.
 */
export function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare;
    if (name === undefined) return '$';
    return env[name] ?? '';
  });
}
