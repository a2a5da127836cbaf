import type { Parameter } from '@aws-sdk/client-cloudformation';
import { AwsActionFailure } from '../../shared/aws-failure.js';
import { parseJson, type InputArtifacts } from '../../shared/input-artifacts.js';

/**
 * The StackSets actions take Parameters, ParameterOverrides and DeploymentTargets either literally or
 * as `InputArtifactName::FileName` (CodePipeline User Guide, StackSets action reference). A value is a
 * file when its part before `::` names one of the action's input artifacts.
 */
function fileReference(value: string, artifactNames: readonly string[]): boolean {
  const separator = value.indexOf('::');
  return separator > 0 && artifactNames.includes(value.slice(0, separator));
}

/**
 * Parameters in the action reference's shorthand
 * (`ParameterKey=BucketName,ParameterValue=my-bucket ParameterKey=Asset1,UsePreviousValue=true`), or a
 * file holding a JSON list of {ParameterKey, ParameterValue, UsePreviousValue, ResolvedValue}.
 */
export async function readParameters(value: string, setting: string, inputs: InputArtifacts, artifactNames: readonly string[]): Promise<Parameter[]> {
  if (fileReference(value, artifactNames)) {
    const list = parseJson(await inputs.fileAt(value, setting), `${setting} ${value}`);
    if (!Array.isArray(list)) throw new AwsActionFailure('ConfigurationError', `${setting} ${value} must hold a JSON list of {"ParameterKey": …, "ParameterValue": …}.`);
    return list.map((entry, index) => parameterFrom(entry as Record<string, unknown>, `${setting} ${value} [${index}]`));
  }
  return value
    .split(/\s+/)
    .filter((entry) => entry !== '' && entry !== '"' && entry !== '",')
    .map((entry) => {
      const fields: Record<string, string> = {};
      for (const field of entry.replace(/^"|",?$/g, '').split(',')) {
        const equals = field.indexOf('=');
        if (equals <= 0) throw new AwsActionFailure('ConfigurationError', `${setting}: ${JSON.stringify(entry)} is not ParameterKey=string,ParameterValue=string.`);
        fields[field.slice(0, equals)] = field.slice(equals + 1);
      }
      return parameterFrom(fields, `${setting} ${JSON.stringify(entry)}`);
    });
}

const parameterFields = new Set(['ParameterKey', 'ParameterValue', 'UsePreviousValue', 'ResolvedValue']);

function parameterFrom(fields: Record<string, unknown>, where: string): Parameter {
  const unknown = Object.keys(fields).find((key) => !parameterFields.has(key));
  if (unknown !== undefined) throw new AwsActionFailure('ConfigurationError', `${where}: ${unknown} is not one of ParameterKey, ParameterValue, UsePreviousValue, ResolvedValue.`);
  const key = fields.ParameterKey;
  if (typeof key !== 'string' || key === '') throw new AwsActionFailure('ConfigurationError', `${where} has no ParameterKey.`);
  const usePrevious = fields.UsePreviousValue === true || fields.UsePreviousValue === 'true';
  if (usePrevious && fields.ParameterValue !== undefined) {
    throw new AwsActionFailure('ConfigurationError', `${where}: with UsePreviousValue true, do not specify a ParameterValue.`);
  }
  return {
    ParameterKey: key,
    ...(fields.ParameterValue !== undefined ? { ParameterValue: scalar(fields.ParameterValue, `${where} ParameterValue`) } : {}),
    ...(usePrevious ? { UsePreviousValue: true } : {}),
    ...(fields.ResolvedValue !== undefined ? { ResolvedValue: scalar(fields.ResolvedValue, `${where} ResolvedValue`) } : {}),
  };
}

function scalar(value: unknown, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new AwsActionFailure('ConfigurationError', `${where} must be a string; it is ${JSON.stringify(value)}.`);
}

/** Account IDs or organizational unit IDs, literally (`111111222222,333333444444`) or from a file holding a JSON list. */
export async function readTargets(value: string, inputs: InputArtifacts, artifactNames: readonly string[]): Promise<string[]> {
  let targets: unknown[];
  if (fileReference(value, artifactNames)) {
    const list = parseJson(await inputs.fileAt(value, 'DeploymentTargets'), `DeploymentTargets ${value}`);
    if (!Array.isArray(list)) throw new AwsActionFailure('ConfigurationError', `DeploymentTargets ${value} must hold a JSON list of account IDs or organizational unit IDs.`);
    targets = list;
  } else {
    targets = value.split(',').map((target) => target.trim()).filter((target) => target !== '');
  }
  for (const target of targets) {
    if (typeof target !== 'string' || !targetPattern.test(target)) {
      throw new AwsActionFailure('ConfigurationError', `DeploymentTargets: ${JSON.stringify(target)} is neither a 12-digit account ID nor an organization root or organizational unit ID (r-…, ou-…).`);
    }
  }
  return targets as string[];
}

const targetPattern = /^(\d{12}|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|ou-[0-9a-z-]+)$/;

/** The targets as StackSets' requests take them: accounts for self-managed stack sets, organizational units otherwise. */
export function targetsRequest(targets: readonly string[]): { Accounts: string[] } | { DeploymentTargets: { OrganizationalUnitIds: string[] } } {
  const accounts = targets.filter((target) => /^\d{12}$/.test(target));
  if (accounts.length === targets.length) return { Accounts: [...targets] };
  if (accounts.length > 0) throw new AwsActionFailure('ConfigurationError', 'DeploymentTargets lists both accounts and organizational units: give accounts (SELF_MANAGED) or organizational unit IDs (SERVICE_MANAGED).');
  return { DeploymentTargets: { OrganizationalUnitIds: [...targets] } };
}
