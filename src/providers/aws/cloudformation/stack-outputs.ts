import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ArtifactRef } from '../../../core/contracts/artifact-store.js';
import { AwsActionFailure } from '../shared/aws-failure.js';

/** The stack's Outputs as the action's output variables (OutputKey → OutputValue), as on AWS. */
export function stackOutputVariables(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Outputs ?? []).filter((output) => output.OutputKey !== undefined).map((output) => [output.OutputKey!, output.OutputValue ?? '']));
}

/**
 * OutputFileName: the output artifact holds one file, the stack's outputs as a JSON object. Without an
 * output artifact declared there is nowhere to put it, and the action says so.
 */
export async function outputFileArtifact(job: ActionJob, tools: ProviderTools, fileName: string, outputs: Record<string, string>): Promise<Record<string, ArtifactRef>> {
  const output = job.outputArtifacts[0];
  if (output === undefined) throw new AwsActionFailure('ConfigurationError', `OutputFileName ${fileName} needs an output artifact to be written to; this action declares none.`);
  const relative = normalize(fileName).replace(/^\/+/, '');
  if (relative.startsWith('..')) throw new AwsActionFailure('ConfigurationError', `OutputFileName ${fileName} is outside the output artifact.`);
  const directory = join(tools.workspace, 'output');
  await mkdir(dirname(join(directory, relative)), { recursive: true });
  await writeFile(join(directory, relative), `${JSON.stringify(outputs, null, 2)}\n`);
  const ref = await tools.artifacts.putDirectory(directory, { pipelineName: job.pipeline.name, artifactName: output.name, executionId: job.pipeline.executionId }, { consume: true });
  return { [output.name]: ref };
}
