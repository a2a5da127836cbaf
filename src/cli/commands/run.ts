import { Command } from 'commander';
import { addTemplateOptions } from '../template-options.js';
import { lazyAction } from '../lazy-action.js';

const repeatable = (value: string, all: string[]): string[] => [...all, value];

/**
 * `run -f FILE`: one execution of a pipeline on the working copy, in one command, as `act` does for
 * GitHub Actions. FILE is any definition `apply` takes (CodePipeline JSON/YAML, CloudFormation, SAM,
 * CDK). A server of its own starts on a temporary data directory (or `--endpoint-url` names a running
 * one); each source action reads a working copy (the current directory for the first, `--source
 * ACTION=PATH` for any), its uncommitted changes included as a commit of their own; repositories,
 * the S3 source's object and the template's CodeBuild projects are created; the pipeline runs once,
 * its stages and logs streamed live, approvals answered (`--approve all`, or a prompt on a terminal).
 * Actions that cannot run here (they call AWS with no credentials configured, or have no provider) are
 * reported before anything starts; `--skip STAGE/ACTION` (or `--skip STAGE`) runs the rest, the skipped
 * actions succeeding as visible stand-ins. Exit 0 only when the execution succeeded; `--keep` leaves
 * the data directory to open with `pipewright server --data-dir DIR`.
 */
export function runCommand(): Command {
  return addTemplateOptions(
    new Command('run')
      .description('Run a pipeline once on your working copy, on a server of its own: stages and logs live, exit 0 only if it succeeded.')
      .requiredOption('-f, --file <file>', 'the definition or template (CodePipeline JSON/YAML, CloudFormation, SAM, CDK)')
      .option('--source <action=path>', 'the working copy a source action reads (default: the current directory, for the first)', repeatable, [])
      .option('--var <name=value>', 'a pipeline variable of the execution (repeatable)', repeatable, [])
      .option('--skip <stage/action>', 'run without this action (or every action of a stage): it succeeds as a stand-in, labelled Skipped', repeatable, [])
      .option('--approve <all>', 'approve every manual approval as it comes (`all`)')
      .option('--keep', 'keep the run’s data directory and say how to open it in the console', false),
  ).action(lazyAction(() => import('../actions/run.js'), 'runCommandAction'));
}
