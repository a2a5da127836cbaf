import { SourceMap } from '../source-map.js';
import { ValueError } from '../template-error.js';
import type { TranslatedWebhook } from '../translation.js';
import type { PropertyShape } from './pipeline-properties.js';
import { PropertyTranslator } from './property-translator.js';
import type { TemplateEvaluator } from './template-evaluator.js';
import type { TemplateResource } from './template-sections.js';

const text: PropertyShape = { kind: 'string' };

/**
 * `AWS::CodePipeline::Webhook` (AWS CloudFormation Template Reference) → PutWebhook's `webhook`. The
 * API's WebhookAuthConfiguration keeps CloudFormation's PascalCase member names (AllowedIPRange,
 * SecretToken), unlike every other shape; TargetPipelineVersion has no API member (PutWebhook targets
 * the pipeline, whatever its version) and RegisterWithThirdParty becomes a call after PutWebhook.
 */
export function translateWebhook(resource: TemplateResource, evaluator: TemplateEvaluator, notes: Set<string>): TranslatedWebhook & { targetPipeline: string } {
  const sourceMap = new SourceMap(resource.at);
  const translator = new PropertyTranslator(evaluator, sourceMap, notes);
  const webhook: Record<string, unknown> & { name: string } = { name: evaluator.resourceName(resource.logicalId, resource.at) };
  let registerWithThirdParty = false;
  for (const entry of resource.properties?.entries ?? []) {
    switch (entry.key) {
      case 'Name':
        break;
      case 'Authentication':
      case 'TargetAction':
      case 'TargetPipeline':
        webhook[lowerFirst(entry.key)] = translator.translate(entry.value, text, [lowerFirst(entry.key)]);
        break;
      case 'Filters':
        webhook.filters = translator.translate(entry.value, { kind: 'list', of: filterShape }, ['filters']);
        break;
      case 'AuthenticationConfiguration': {
        const node = translator.resolve(entry.value);
        if (node === undefined) break;
        if (node.kind !== 'map') throw new ValueError('AuthenticationConfiguration must be a mapping', node.at);
        const configuration: Record<string, string> = {};
        for (const member of node.entries) {
          if (member.key !== 'AllowedIPRange' && member.key !== 'SecretToken') throw new ValueError(`WebhookAuthConfiguration has no property ${member.key} (its properties: AllowedIPRange, SecretToken)`, member.keyAt);
          const value = translator.translate(member.value, text, ['authenticationConfiguration', member.key]);
          if (typeof value === 'string') configuration[member.key] = value;
        }
        webhook.authenticationConfiguration = configuration;
        break;
      }
      case 'TargetPipelineVersion':
        break;
      case 'RegisterWithThirdParty': {
        const value = translator.resolve(entry.value);
        const evaluated = value === undefined ? undefined : evaluator.evaluate(value);
        registerWithThirdParty = evaluated === true || evaluated === 'true';
        break;
      }
      default:
        throw new ValueError(
          `AWS::CodePipeline::Webhook has no property ${entry.key} (its properties: Authentication, AuthenticationConfiguration, Filters, Name, RegisterWithThirdParty, TargetAction, TargetPipeline, TargetPipelineVersion)`,
          entry.keyAt,
        );
    }
  }
  webhook.authenticationConfiguration ??= {};
  return {
    logicalId: resource.logicalId,
    at: resource.at,
    webhook,
    registerWithThirdParty,
    targetPipeline: typeof webhook.targetPipeline === 'string' ? webhook.targetPipeline : '',
  };
}

const filterShape: PropertyShape = { kind: 'structure', name: 'WebhookFilterRule', members: { JsonPath: text, MatchEquals: text } };

function lowerFirst(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}
