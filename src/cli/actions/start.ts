import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { followExecution } from '../execution-progress.js';
import { colourStatus, formatDuration } from '../format.js';
import { runAction } from '../run-action.js';

interface StartOptions {
  var: string[];
  sourceRevision: string[];
  token?: string;
  wait: boolean;
}

/** StartPipelineExecution's revision types (SourceRevisionType), as `--source-revision` takes them. */
import { revisionTypes } from '../options.js';
type RevisionType = (typeof revisionTypes)[number];

/**
 * `start NAME [--var k=v]… [--source-revision ACTION=TYPE:VALUE]… [--token T] [--wait]`:
 * StartPipelineExecution (a source action pinned to a revision, an idempotency token). With --wait,
 * progress stage by stage until the execution ends; exit 0 when it succeeded, 1 when it failed, stopped
 * or was superseded. With --json: StartPipelineExecution's response, or with --wait GetPipelineExecution's
 * at the end (progress then goes to stderr).
 */
export const startAction = runAction<StartOptions, [string]>(async (context, options, name) => {
  const variables = options.var.map(variableOf);
  const sourceRevisions = options.sourceRevision.map(sourceRevisionOf);
  const started = await context.send((client) =>
    client.send(
      new StartPipelineExecutionCommand({
        name,
        ...(variables.length > 0 ? { variables } : {}),
        ...(sourceRevisions.length > 0 ? { sourceRevisions } : {}),
        ...(options.token !== undefined ? { clientRequestToken: options.token } : {}),
      }),
    ),
  );
  const id = started.pipelineExecutionId ?? '';
  if (!options.wait) {
    if (context.json) printJson(withoutMetadata(started));
    else context.out.line(id);
    return ExitCode.success;
  }
  const { out } = context;
  const print = context.json ? out.note : out.line;
  print(`Started execution ${id} of ${name}.`);
  const began = Date.now();
  const execution = await followExecution(context, name, id, print);
  const succeeded = execution.status === 'Succeeded';
  if (context.json) printJson({ pipelineExecution: execution });
  else {
    const summary = execution.statusSummary !== undefined && execution.statusSummary !== '' ? `: ${execution.statusSummary}` : '';
    print(`Execution ${id} ${colourStatus(out.colors, execution.status)} after ${formatDuration(Date.now() - began)}${summary}`);
  }
  return succeeded ? ExitCode.success : ExitCode.refused;
});

function variableOf(text: string): { name: string; value: string } {
  const equals = text.indexOf('=');
  if (equals < 1) throw usageError(`--var takes name=value; got ${JSON.stringify(text)}.`);
  return { name: text.slice(0, equals), value: text.slice(equals + 1) };
}

function sourceRevisionOf(text: string): { actionName: string; revisionType: RevisionType; revisionValue: string } {
  const equals = text.indexOf('=');
  const colon = text.indexOf(':', equals + 1);
  const revisionType = text.slice(equals + 1, colon);
  if (equals < 1 || colon < 0 || colon === text.length - 1 || !isRevisionType(revisionType)) {
    throw usageError(`--source-revision takes action=TYPE:value with TYPE one of ${revisionTypes.join(', ')}; got ${JSON.stringify(text)}.`);
  }
  return { actionName: text.slice(0, equals), revisionType, revisionValue: text.slice(colon + 1) };
}

function isRevisionType(text: string): text is RevisionType {
  return (revisionTypes as readonly string[]).includes(text);
}
