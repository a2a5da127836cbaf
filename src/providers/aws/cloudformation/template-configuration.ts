import { AwsActionFailure } from '../shared/aws-failure.js';
import { parseJson } from '../shared/input-artifacts.js';

/**
 * A template configuration file (TemplateConfiguration): `Parameters`, `Tags` and `StackPolicy`, as
 * the CloudFormation User Guide's "AWS CloudFormation artifacts" page describes it. ParameterOverrides
 * win over its Parameters.
 */
export interface TemplateConfiguration {
  parameters: Record<string, string>;
  tags: Record<string, string>;
  stackPolicy?: string;
}

export function readTemplateConfiguration(text: string, where: string): TemplateConfiguration {
  const content = parseJson(text, where);
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new AwsActionFailure('ConfigurationError', `${where} must be a JSON object with Parameters, Tags or StackPolicy.`);
  }
  const { Parameters, Tags, StackPolicy } = content as Record<string, unknown>;
  return {
    parameters: stringMap(Parameters, `${where} Parameters`),
    tags: stringMap(Tags, `${where} Tags`),
    ...(StackPolicy !== undefined ? { stackPolicy: JSON.stringify(StackPolicy) } : {}),
  };
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AwsActionFailure('ConfigurationError', `${where} must be an object of names and values.`);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}
