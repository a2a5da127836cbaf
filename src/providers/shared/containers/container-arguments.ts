/** One build process to start in an image: what it sees, who it is, what bounds it. */
export interface ContainerView {
  image: string;
  /** Unique per process of the build (a build may start several shells). */
  name: string;
  /** `pipewright.job` and `pipewright.work-root`: what stop and server start remove by. */
  labels: Record<string, string>;
  runtime?: string;
  /** The build's workspace, read-write at the same path as on the host (CODEBUILD_SRC_DIR and every recorded path stay valid). */
  workspace: string;
  /** `<workspace>/build`, read-only: the server's scripts and records (see bwrap-arguments.ts). */
  controlDir: string;
  /** `<workspace>/build/state`, read-write: where the shell saves its state. */
  stateDir: string;
  /** `<workspace>/outputs`, read-only: where the server stages output artifacts. */
  outputsDir: string;
  cwd: string;
  user: { uid: number; gid: number };
  /** containerLimitArguments. */
  limitArguments: readonly string[];
  tmpSizeMb: number;
  /** A file of `NAME=value` lines, the build's environment (never the server's). */
  envFile: string;
  /** Variables passed by name from the client's environment (values a file cannot hold: line breaks). */
  envByName: readonly string[];
  /** The engine reads the control channel from the client's stdin (`-i`). */
  interactive: boolean;
}

/**
 * `<engine> run` options for one build process, the host sandbox's view (bwrap-arguments.ts) in an
 * image: only the workspace of the host, writable but for the control and outputs directories; the
 * build's own uid, no capabilities, no new privileges; its limits; the host's network (as the host
 * sandbox's, and builds reach the server's credentials endpoint on loopback); a private /tmp.
 *
 * - `--rm`: the container goes with its process; `--pull never`: only images present on the host run
 *   (execute-build checks first and fails the build with CodeBuild's message otherwise).
 * - `--init`: the engine's init is pid 1 and passes a stop's SIGTERM on to the shell (a shell as pid 1
 *   ignores it), and when the shell ends, everything it left ends with the container.
 * - Engines sort mounts by path, so the read-only control directory covers its part of the workspace.
 */
export function containerRunArguments(view: ContainerView): string[] {
  const args = ['run', '--rm', '--init', '--pull', 'never', '--name', view.name];
  if (view.interactive) args.push('-i');
  for (const [key, value] of Object.entries(view.labels)) args.push('--label', `${key}=${value}`);
  if (view.runtime !== undefined) args.push('--runtime', view.runtime);
  args.push('--network', 'host', '--user', `${view.user.uid}:${view.user.gid}`, '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges');
  args.push(...view.limitArguments);
  args.push('--tmpfs', `/tmp:rw,nosuid,nodev,mode=1777,size=${view.tmpSizeMb}m`);
  args.push('-v', `${view.workspace}:${view.workspace}`, '-v', `${view.controlDir}:${view.controlDir}:ro`, '-v', `${view.stateDir}:${view.stateDir}`, '-v', `${view.outputsDir}:${view.outputsDir}:ro`);
  args.push('-w', view.cwd, '--env-file', view.envFile);
  for (const name of view.envByName) args.push('-e', name);
  args.push(view.image);
  return args;
}
