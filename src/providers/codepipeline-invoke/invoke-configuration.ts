/**
 * The configuration of a CodePipeline invoke action (Invoke/AWS/CodePipeline): the pipeline to start,
 * and the JSON arrays of pipeline variables (`[{"name": …, "value": …}]`) and source revision overrides
 * (`[{"actionName": …, "revisionType": …, "revisionValue": …}]`) to start it with.
 */
export interface InvokeConfiguration {
  pipelineName: string;
  variables?: { name: string; value: string }[];
  sourceRevisions?: { actionName: string; revisionType: RevisionType; revisionValue: string }[];
}

export const revisionTypes = ['COMMIT_ID', 'IMAGE_DIGEST', 'S3_OBJECT_VERSION_ID', 'S3_OBJECT_KEY'] as const;
export type RevisionType = (typeof revisionTypes)[number];

export class InvokeConfigurationError extends Error {
  override readonly name = 'InvokeConfigurationError';
}

export function readInvokeConfiguration(configuration: Readonly<Record<string, string>>): InvokeConfiguration {
  const pipelineName = configuration.PipelineName;
  if (pipelineName === undefined || pipelineName === '') throw new InvokeConfigurationError('PipelineName is required: the pipeline to start.');
  const variables = configuration.Variables === undefined ? undefined : parseArray(configuration.Variables, 'Variables').map((entry, index) => readVariable(entry, index));
  const sourceRevisions =
    configuration.SourceRevisions === undefined ? undefined : parseArray(configuration.SourceRevisions, 'SourceRevisions').map((entry, index) => readRevision(entry, index));
  return { pipelineName, ...(variables !== undefined ? { variables } : {}), ...(sourceRevisions !== undefined ? { sourceRevisions } : {}) };
}

function parseArray(text: string, key: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvokeConfigurationError(`${key} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new InvokeConfigurationError(`${key} must be a JSON array.`);
  return parsed;
}

function readVariable(entry: unknown, index: number): { name: string; value: string } {
  const { name, value } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  if (typeof name !== 'string' || typeof value !== 'string') {
    throw new InvokeConfigurationError(`Variables[${index}] must be {"name": "…", "value": "…"} with string values.`);
  }
  return { name, value };
}

function readRevision(entry: unknown, index: number): { actionName: string; revisionType: RevisionType; revisionValue: string } {
  const { actionName, revisionType, revisionValue } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  if (typeof actionName !== 'string' || typeof revisionValue !== 'string' || !(revisionTypes as readonly unknown[]).includes(revisionType)) {
    throw new InvokeConfigurationError(
      `SourceRevisions[${index}] must be {"actionName": "…", "revisionType": ${revisionTypes.join('|')}, "revisionValue": "…"}.`,
    );
  }
  return { actionName, revisionType: revisionType as RevisionType, revisionValue };
}
