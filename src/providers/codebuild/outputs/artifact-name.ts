import type { BuildProcesses } from '../../shared/build-processes.js';
import type { ShellState } from '../../shared/env-state.js';

/**
 * An artifact's `name` as the shell expands it (`myname-$(date +%Y-%m-%d)`, `$CODEBUILD_BUILD_NUMBER`),
 * in the environment the build ended with. The text goes through an unquoted here-document, which
 * expands variables and commands and leaves quotes alone. Undefined when the shell fails.
 */
export async function expandArtifactName(name: string, state: ShellState, processes: BuildProcesses): Promise<string | undefined> {
  let output = '';
  const { exited, drain } = await processes.spawn('/bin/sh', ['-c', `cat <<__PIPEWRIGHT_NAME__\n${name}\n__PIPEWRIGHT_NAME__\n`], {
    cwd: state.cwd,
    env: state.env,
    output: { stdout: (chunk) => (output += chunk.toString('utf8')), stderr: () => undefined },
  });
  const code = await exited.then(
    (exit) => exit.code,
    () => null,
  );
  await drain();
  return code === 0 ? output.replace(/\n$/, '') : undefined;
}
