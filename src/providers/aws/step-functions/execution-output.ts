import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ArtifactRef } from '../../../core/contracts/artifact-store.js';

/**
 * The execution's output as output variables: StateMachineArn and ExecutionArn, as the action
 * reference names them, plus each top-level field of an output that is a JSON object (strings as they
 * are, other values as JSON), so `#{Namespace.field}` reaches what the state machine returned. The two
 * ARNs win over output fields of the same name.
 */
export function executionVariables(stateMachineArn: string, executionArn: string, output: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  if (output !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return { ...fields, StateMachineArn: stateMachineArn, ExecutionArn: executionArn };
}

/** With an output artifact declared, the execution's output is its `output.json`. */
export async function outputArtifact(job: ActionJob, tools: ProviderTools, output: string | undefined): Promise<Record<string, ArtifactRef> | undefined> {
  const declared = job.outputArtifacts[0];
  if (declared === undefined) return undefined;
  const directory = join(tools.workspace, 'output');
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'output.json'), output ?? 'null');
  return { [declared.name]: await tools.artifacts.putDirectory(directory, { pipelineName: job.pipeline.name, artifactName: declared.name, executionId: job.pipeline.executionId }, { consume: true }) };
}
