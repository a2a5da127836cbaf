import { execFile } from 'node:child_process';
import type { ContainerEngineSettings } from './container-settings.js';

/** Labels every build container carries: stop removes by job, a server's start by its work root. */
export const jobLabel = 'pipewright.job';
export const workRootLabel = 'pipewright.work-root';

/** How long one engine command may take (the engine answers in well under a second when it works). */
const commandTimeoutMs = 60_000;

export type ImageCheck = { present: true } | { present: false; reason: string };

/** The engine's client, asked about images and told to remove containers (runs go through ContainerRun). */
export class ContainerEngine {
  constructor(readonly settings: ContainerEngineSettings) {}

  /**
   * Whether `image` is in the engine's local store. Never pulls: see the decision record (builds must
   * not wait on, or silently fetch from, a registry the operator did not load the image from).
   */
  async hasImage(image: string): Promise<ImageCheck> {
    const result = await this.run(['image', 'inspect', '--format', '{{.Id}}', image]);
    if (result.code === 0) return { present: true };
    return { present: false, reason: result.error ?? (result.stderr.trim() || `exit code ${result.code}`) };
  }

  /** Ends and removes the containers named (SIGTERM through their init, SIGKILL after `graceMs`); missing ones are fine. */
  async remove(names: readonly string[], graceMs: number): Promise<void> {
    if (names.length === 0) return;
    const seconds = String(Math.ceil(graceMs / 1000));
    // docker's rm has neither -t nor --ignore: stop first (which also ends them), then remove.
    if (this.settings.flavour === 'podman') await this.run(['rm', '--force', '--ignore', '--time', seconds, ...names]);
    else {
      await this.run(['stop', '--time', seconds, ...names]);
      await this.run(['rm', '--force', ...names]);
    }
  }

  /**
   * Removes every container of builds under `workRoot`: a server killed with SIGKILL cannot stop its
   * builds' containers (the engine's monitor, not the server, is their parent). Called at start,
   * before any new build runs. Returns how many there were.
   */
  async removeLeftovers(workRoot: string): Promise<number> {
    const listed = await this.run(['ps', '--all', '--quiet', '--filter', `label=${workRootLabel}=${workRoot}`]);
    if (listed.code !== 0) throw new Error(`${this.settings.engine} could not list containers: ${listed.error ?? listed.stderr.trim()}`);
    const ids = listed.stdout.split('\n').filter((id) => id.trim() !== '');
    await this.remove(ids, 0);
    return ids.length;
  }

  private run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; error?: string }> {
    return new Promise((resolve) => {
      execFile(this.settings.engine, args, { env: { ...this.settings.clientEnvironment }, timeout: commandTimeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        const code = typeof error.code === 'number' ? error.code : -1;
        // ENOENT, EACCES, a timeout: the engine itself could not be run.
        const failure = typeof error.code === 'string' || error.killed ? `${this.settings.engine} could not be run: ${error.message}` : undefined;
        resolve({ code, stdout, stderr, ...(failure !== undefined ? { error: failure } : {}) });
      });
    });
  }
}
