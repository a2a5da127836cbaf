import type { ActionJob } from '../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { parseJson, type InputArtifacts } from '../shared/input-artifacts.js';

/**
 * ParameterOverrides: a JSON object of parameter values, each a string or one of CodePipeline's two
 * functions (AWS CloudFormation User Guide, "Parameter override functions with CodePipeline
 * pipelines"):
 *
 * - `{"Fn::GetParam": ["ArtifactName", "file.json", "key"]}`: the value of `key` in a JSON file of an
 *   input artifact.
 * - `{"Fn::GetArtifactAtt": ["ArtifactName", "BucketName" | "ObjectKey" | "URL"]}`: where the input
 *   artifact is stored. The filesystem store has no S3 bucket: its values are the artifact's
 *   `s3location` as CodePipeline shows it, and URL is its address on this server's S3 endpoint.
 */
export async function resolveParameterOverrides(text: string, inputs: InputArtifacts, apiUrl: string): Promise<Record<string, string>> {
  const overrides = parseJson(text, 'ParameterOverrides');
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new AwsActionFailure('ConfigurationError', 'ParameterOverrides must be a JSON object of parameter names and values.');
  }
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(overrides)) resolved[name] = await resolveValue(name, value, inputs, apiUrl);
  return resolved;
}

async function resolveValue(name: string, value: unknown, inputs: InputArtifacts, apiUrl: string): Promise<string> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const where = `ParameterOverrides.${name}`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Fn::GetParam' && isStrings(args, 3)) return getParam(args, inputs, where);
    if (fn === 'Fn::GetArtifactAtt' && isStrings(args, 2)) return getArtifactAtt(inputs.artifact(args[0], where), args[1], where, apiUrl);
  }
  throw new AwsActionFailure(
    'ConfigurationError',
    `${where} must be a string, {"Fn::GetParam": [artifact, file, key]} or {"Fn::GetArtifactAtt": [artifact, attribute]}; it is ${JSON.stringify(value)}.`,
  );
}

async function getParam([artifact, file, key]: readonly [string, string, string], inputs: InputArtifacts, where: string): Promise<string> {
  const content = parseJson(await inputs.file(artifact, file, where), `${where}: ${artifact}::${file}`);
  const value = typeof content === 'object' && content !== null ? (content as Record<string, unknown>)[key] : undefined;
  if (value === undefined) throw new AwsActionFailure('ConfigurationError', `${where}: ${artifact}::${file} has no key ${key}.`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function getArtifactAtt(artifact: ActionJob['inputArtifacts'][number], attribute: string, where: string, apiUrl: string): string {
  const { bucket, key } = artifact.ref;
  if (attribute === 'BucketName') return bucket;
  if (attribute === 'ObjectKey') return key;
  if (attribute === 'URL') return `${apiUrl}/s3/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  throw new AwsActionFailure('ConfigurationError', `${where}: Fn::GetArtifactAtt takes BucketName, ObjectKey or URL; not ${attribute}.`);
}

function isStrings<N extends 2 | 3>(value: unknown, count: N): value is N extends 2 ? [string, string] : [string, string, string] {
  return Array.isArray(value) && value.length === count && value.every((item) => typeof item === 'string');
}
