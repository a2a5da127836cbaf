import { PipewrightError } from '../errors/index.js';
import type { CustomActionTypeRecord } from './custom.js';
import type { ActionConfigurationPropertySpec } from './types.js';

/** What CreateCustomActionType defines; the key (category, provider, version) and times aside. */
export type CustomActionTypeDefinition = Pick<CustomActionTypeRecord, 'settings' | 'configurationProperties' | 'inputArtifacts' | 'outputArtifacts'>;

const maxConfigurationProperties = 10;
const configReferencePattern = /\{Config:([^}]*)\}/g;

/**
 * The rules of a custom action type beyond the model's lengths (CreateCustomActionType reference and
 * user guide, "Create a custom action"): at most 10 configuration properties with unique names, at
 * most one queryable property, which must be required and not secret; artifact minimums not above
 * maximums; and URL templates whose `{Config:name}` name required, non-secret properties.
 */
export function checkCustomActionTypeDefinition(definition: CustomActionTypeDefinition): void {
  const properties = definition.configurationProperties;
  if (properties.length > maxConfigurationProperties) {
    throw invalid(`A custom action type has at most ${maxConfigurationProperties} configuration properties; this one declares ${properties.length}.`);
  }
  const names = new Set<string>();
  for (const property of properties) {
    if (names.has(property.name)) throw invalid(`The configuration property ${property.name} is declared more than once.`);
    names.add(property.name);
  }
  const queryable = properties.filter((property) => property.queryable === true);
  if (queryable.length > 1) {
    throw invalid(`Only one configuration property can be queryable; ${queryable.map((property) => property.name).join(' and ')} are.`);
  }
  const [query] = queryable;
  if (query !== undefined && (!query.required || query.secret)) {
    throw invalid(`The queryable configuration property ${query.name} must be required and not secret.`);
  }
  for (const [direction, bounds] of [['input', definition.inputArtifacts], ['output', definition.outputArtifacts]] as const) {
    if (bounds.minimumCount > bounds.maximumCount) {
      throw invalid(`The ${direction} artifact details have minimumCount ${bounds.minimumCount} above maximumCount ${bounds.maximumCount}.`);
    }
  }
  const { entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate } = definition.settings;
  const templates = { entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate };
  for (const [setting, template] of Object.entries<string | undefined>(templates)) {
    if (template === undefined) continue;
    for (const match of template.matchAll(configReferencePattern)) {
      const name = match[1] ?? '';
      const property = properties.find((candidate) => candidate.name === name);
      if (property === undefined || !property.required || property.secret) {
        throw invalid(`The ${setting} references {Config:${name}}, which is not a required, non-secret configuration property of the action type.`);
      }
    }
  }
}

/** Whether two definitions are the same, as AWS requires to restore a deleted custom action type. */
export function sameDefinition(a: CustomActionTypeDefinition, b: CustomActionTypeDefinition): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(definition: CustomActionTypeDefinition): unknown {
  const { thirdPartyConfigurationUrl, entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate } = definition.settings;
  return {
    settings: [thirdPartyConfigurationUrl, entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate],
    properties: definition.configurationProperties.map((property: ActionConfigurationPropertySpec) => [
      property.name,
      property.required,
      property.key,
      property.secret,
      property.queryable ?? false,
      property.description,
      property.type,
    ]),
    input: [definition.inputArtifacts.minimumCount, definition.inputArtifacts.maximumCount],
    output: [definition.outputArtifacts.minimumCount, definition.outputArtifacts.maximumCount],
  };
}

function invalid(message: string): PipewrightError {
  return new PipewrightError('ValidationException', message);
}
