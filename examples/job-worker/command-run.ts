import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One run of the action's shell command, in the background: the work a job starts and the jobs that
 * continue it look at. The command runs in the first input artifact's folder with
 *   INPUT_<NAME>    each input artifact's folder
 *   OUTPUT_DIR      the folder whose files become the output artifact
 *   VARIABLES_FILE  NAME=value lines there become the action's output variables
 *   PROGRESS_FILE   a number from 0 to 100 there is shown as the action's progress
 * and the action's configuration properties as CONFIG_<NAME> (secret ones too: the command needs them).
 */
export class CommandRun {
  readonly outputDir: string;
  private readonly variablesFile: string;
  private readonly progressFile: string;
  private readonly logFile: string;
  private exitCode: number | undefined;
  readonly finished: Promise<number>;

  constructor(
    readonly id: string,
    readonly directory: string,
    command: string,
    inputs: Record<string, string>,
    configuration: Record<string, string>,
  ) {
    this.outputDir = join(directory, 'output');
    this.variablesFile = join(directory, 'variables');
    this.progressFile = join(directory, 'progress');
    this.logFile = join(directory, 'command.log');
    const firstInput = Object.values(inputs)[0] ?? directory;
    const environment: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OUTPUT_DIR: this.outputDir,
      VARIABLES_FILE: this.variablesFile,
      PROGRESS_FILE: this.progressFile,
      ...Object.fromEntries(Object.entries(inputs).map(([name, dir]) => [`INPUT_${name.toUpperCase()}`, dir])),
      ...Object.fromEntries(Object.entries(configuration).map(([name, value]) => [`CONFIG_${name.toUpperCase()}`, value])),
    };
    const { outputDir, logFile } = this;
    this.finished = (async () => {
      await mkdir(outputDir, { recursive: true });
      const log = createWriteStream(logFile);
      const child = spawn('bash', ['-c', command], { cwd: firstInput, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      const code = await new Promise<number>((resolve) => child.once('close', (exit) => resolve(exit ?? 1)));
      log.end();
      this.exitCode = code;
      return code;
    })();
  }

  get done(): boolean {
    return this.exitCode !== undefined;
  }

  get code(): number | undefined {
    return this.exitCode;
  }

  /** The NAME=value lines of VARIABLES_FILE. */
  async variables(): Promise<Record<string, string>> {
    const text = await readFile(this.variablesFile, 'utf8').catch(() => '');
    const variables: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const match = /^([A-Za-z0-9_-]+)=(.*)$/.exec(line.trim());
      if (match?.[1] !== undefined && match[2] !== undefined) variables[match[1]] = match[2];
    }
    return variables;
  }

  /** The progress the command last wrote, if any. */
  async progress(): Promise<number | undefined> {
    const text = await readFile(this.progressFile, 'utf8').catch(() => '');
    const value = Number.parseInt(text.trim(), 10);
    return Number.isInteger(value) && value >= 0 && value <= 100 ? value : undefined;
  }

  /** The end of the command's output, for a failure message. */
  async tail(lines = 10): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }
}
