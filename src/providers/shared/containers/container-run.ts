import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Launch, LaunchRequest } from '../sandbox/sandbox-launcher.js';
import { defaultLimits } from '../sandbox/resource-limits.js';
import { containerRunArguments } from './container-arguments.js';
import { jobLabel, workRootLabel, type ContainerEngine } from './container-engine.js';
import { containerLimitArguments, readHostLimits } from './container-limits.js';
import { isClientVariable } from './container-settings.js';

let hostLimits: ReturnType<typeof readHostLimits> | undefined;

/**
 * The processes of one build run in an image (BuildProcesses' `container` option): each becomes
 * `<engine> run` of its command with the workspace mounted, and stop, abandon, timeout and the
 * build's end remove the containers it started (`remove`, before the engine clients' process groups
 * are ended: killing a client does not stop its container).
 *
 * The control channel (fd 3 of the build's shell, ShellProcess) cannot cross the engine: the client
 * reads it as its stdin (`-i`), and inside, the command starts with `exec 3<&0 </dev/null`, so the
 * shell reads scripts from fd 3 and its commands still read /dev/null.
 *
 * Each client runs under a small host shell that records its exit status in the control directory
 * (read-only to the build, so it cannot be forged): an exit status below 125 is the container's own
 * (podman and docker keep 125–127 for their errors, 128+n for a client killed by signal n), which
 * means the container has ended and `--rm` removed it; only the others are asked of the engine, so
 * a build that ends normally pays no engine command for its end.
 */
export class ContainerRun {
  private readonly names: string[] = [];
  private counter = 0;
  /** The removal under way: a second terminate (the stop's and the build's own) waits for it too. */
  private removing: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: ContainerEngine,
    readonly image: string,
    /** The server's PATH: left out of the container so the image's own applies (a PATH the build set is passed). */
    private readonly hostPath: string | undefined,
  ) {}

  launch(command: string, args: readonly string[], request: LaunchRequest, control: boolean): Launch {
    const workspace = request.workspace;
    const controlDir = join(workspace, 'build');
    const job = basename(workspace);
    const name = `pipewright-${job.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${process.pid}-${++this.counter}`;
    const env: Record<string, string> = { HOME: join(workspace, 'home'), USER: request.runAs ?? 'build', LOGNAME: request.runAs ?? 'build', ...request.env };
    if (env.PATH === this.hostPath) delete env.PATH;
    const { lines, byName } = splitEnvironment(env);
    const envFile = join(controlDir, `${name}.env`);
    writeFileSync(envFile, lines, { mode: 0o600 });
    const limits = request.limits ?? defaultLimits();
    hostLimits ??= readHostLimits();
    const runArgs = containerRunArguments({
      image: this.image,
      name,
      labels: { [jobLabel]: job, [workRootLabel]: dirname(workspace) },
      ...(this.engine.settings.runtime !== undefined ? { runtime: this.engine.settings.runtime } : {}),
      workspace,
      controlDir,
      stateDir: join(controlDir, 'state'),
      outputsDir: join(workspace, 'outputs'),
      cwd: request.cwd,
      user: request.user,
      limitArguments: containerLimitArguments(limits, hostLimits),
      tmpSizeMb: limits.memoryMb,
      envFile,
      envByName: Object.keys(byName),
      interactive: control,
    });
    const inner = control ? ['/bin/sh', '-c', 'exec 3<&0 </dev/null; exec "$@"', 'sh', command, ...args] : [command, ...args];
    // The client's stdin is the control pipe (fd 3 of this wrapper), or nothing.
    const wrapper = `exit_file=$1; shift; "$@" ${control ? '<&3 3<&-' : '</dev/null'}; echo $? > "$exit_file"`;
    this.names.push(name);
    return {
      file: '/bin/sh',
      args: ['-c', wrapper, 'sh', exitFile(controlDir, name), this.engine.settings.engine, ...runArgs, ...inner],
      env: { ...this.engine.settings.clientEnvironment, ...byName },
      reportsLeader: false,
    };
  }

  /** Removes the containers started since the last call whose clients did not see them end, and waits for any removal under way. */
  async remove(controlDir: string, graceMs: number): Promise<void> {
    const names = this.names.splice(0);
    const running = names.filter((name) => {
      try {
        return Number(readFileSync(exitFile(controlDir, name), 'utf8').trim()) >= 125;
      } catch {
        return true;
      }
    });
    const removal = this.removing.then(() => this.engine.remove(running, graceMs));
    this.removing = removal.catch(() => undefined);
    await removal;
  }
}

function exitFile(controlDir: string, name: string): string {
  return join(controlDir, `${name}.exit`);
}

/**
 * The build's variables as an env file's `NAME=value` lines; a value with a line break, which such a
 * file cannot hold, goes by name through the client's environment instead (`-e NAME`), unless the
 * name is one the client itself reads (DOCKER_HOST…): a build must not steer the engine.
 */
function splitEnvironment(env: Record<string, string>): { lines: string; byName: Record<string, string> } {
  const lines: string[] = [];
  const byName: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/[\r\n]/.test(value)) lines.push(`${name}=${value}`);
    else if (!isClientVariable(name)) byName[name] = value;
    else throw new Error(`The build's variable ${name} holds a line break, which the container engine cannot pass under a name its own client reads`);
  }
  return { lines: lines.length > 0 ? `${lines.join('\n')}\n` : '', byName };
}
