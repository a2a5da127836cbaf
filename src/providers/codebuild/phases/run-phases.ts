import type { ActionLog } from '../../../core/contracts/action-log.js';
import type { Clock } from '../../../core/clock.js';
import type { BuildShell } from '../../shared/build-shell.js';
import { buildPhases, type BuildPhase, type PhaseSpec } from '../buildspec/types.js';
import { afterPhase, phaseStatus, type PhaseStatus } from './phase-transitions.js';

/** A command that did not exit successfully: where, what, and how it ended. */
export interface CommandFailure {
  phase: BuildPhase;
  command: string;
  exitCode: number;
}

export interface PhaseResult {
  phase: BuildPhase;
  status: PhaseStatus | 'STOPPED';
  durationMs: number;
  failure?: CommandFailure;
}

export interface PhasesOutcome {
  phases: PhaseResult[];
  /** Where the build goes after its phases. */
  next: 'UPLOAD_ARTIFACTS' | 'FINALIZING';
  /** The first command that failed, which is what the build's failure message names. */
  firstFailure?: CommandFailure;
  /** Set when the build was stopped (its signal aborted): the phase and the command that were running. */
  stopped?: { phase: BuildPhase; command?: string };
}

/**
 * Runs the phases of a buildspec by CodeBuild's transitions (phase-transitions.ts): each phase's
 * `commands`, then its `finally`, in the build's shell (so the directory and the environment carry
 * from phase to phase), logging each step as CodeBuild's agent does. CODEBUILD_BUILD_SUCCEEDING turns
 * to 0 for what runs after a failure.
 */
export async function runPhases(options: {
  phases: Record<BuildPhase, PhaseSpec>;
  shell: BuildShell;
  log: ActionLog;
  clock: Clock;
  signal: AbortSignal;
  onPhase?: (phase: BuildPhase) => void;
  /**
   * Buildspec 0.1: every command in a shell of its own ("each build command in a separate instance of
   * the default shell", CodeBuild's shells and commands page), so a `cd` or an `export` does not reach
   * the next command. Each runs in a subshell of the build's shell, which starts from the same state.
   */
  shellPerCommand?: boolean;
}): Promise<PhasesOutcome> {
  const { log, signal } = options;
  const results: PhaseResult[] = [];
  let firstFailure: CommandFailure | undefined;
  let phase: BuildPhase | 'UPLOAD_ARTIFACTS' | 'FINALIZING' = buildPhases[0];

  while (phase !== 'UPLOAD_ARTIFACTS' && phase !== 'FINALIZING') {
    const spec = options.phases[phase];
    const started = options.clock.now();
    options.onPhase?.(phase);
    log.line('system', `Entering phase ${phase}`);

    let running: string | undefined;
    const currentPhase = phase;
    const runBlock = async (commands: string[], succeeding: boolean): Promise<CommandFailure | undefined> => {
      if (commands.length === 0 || signal.aborted) return undefined;
      const exitCodes = await options.shell.run(
        options.shellPerCommand === true ? commands.map((command) => `(\n${command}\n)`) : commands,
        {
          commandStarted: (index) => {
            running = commands[index]?.trimEnd();
            log.line('system', `Running command ${running}`);
          },
          commandEnded: (index, exitCode) => {
            // A command killed because the build stops is still the one that was running.
            if (signal.aborted) return;
            running = undefined;
            if (exitCode !== 0) log.line('system', `Command did not exit successfully ${commands[index]?.trimEnd()} exit status ${exitCode}`);
          },
        },
        signal,
        { CODEBUILD_BUILD_SUCCEEDING: succeeding ? '1' : '0' },
      );
      const failedAt = exitCodes.findIndex((code) => code !== 0);
      return failedAt === -1 ? undefined : { phase: currentPhase, command: commands[failedAt]?.trimEnd() ?? '', exitCode: exitCodes[failedAt] ?? 1 };
    };

    const commandsFailure = await runBlock(spec.commands, firstFailure === undefined);
    // `finally` runs whether `commands` failed or not, in the state `commands` left.
    const finallyFailure = await runBlock(spec.finally, firstFailure === undefined && commandsFailure === undefined);
    const failure = commandsFailure ?? finallyFailure;

    const durationMs = options.clock.now() - started;
    if (signal.aborted) {
      results.push({ phase, status: 'STOPPED', durationMs });
      log.line('system', `Phase complete: ${phase} State: STOPPED`);
      return { phases: results, next: 'FINALIZING', ...optionalFailure(firstFailure), stopped: { phase, ...(running !== undefined ? { command: running } : {}) } };
    }
    const status = phaseStatus(commandsFailure !== undefined, finallyFailure !== undefined);
    results.push({ phase, status, durationMs, ...(failure !== undefined ? { failure } : {}) });
    log.line('system', `Phase complete: ${phase} State: ${status}`);
    if (failure !== undefined) {
      log.line('system', `Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: ${failure.command}. Reason: exit status ${failure.exitCode}`);
      firstFailure ??= failure;
    }
    phase = afterPhase(phase, status, spec.onFailure);
  }
  return { phases: results, next: phase, ...optionalFailure(firstFailure) };
}

function optionalFailure(failure: CommandFailure | undefined): { firstFailure?: CommandFailure } {
  return failure === undefined ? {} : { firstFailure: failure };
}
