import { ipaddr } from '../commonjs-libraries.js';
import type { WebhookDefinition } from '../../../core/contracts/store.js';
import type { PipelineDeclaration } from '../../../core/declaration/types.js';
import { PipewrightError } from '../../../core/errors/index.js';

/**
 * PutWebhook's checks beyond the wire shape: the authentication type gets exactly the property it
 * uses (GITHUB_HMAC: SecretToken; IP: AllowedIPRange, a CIDR block; UNAUTHENTICATED: neither), each
 * filter is a JSONPath expression, and the target action is a source action of the pipeline's first
 * stage.
 */
export function checkWebhookDefinition(definition: WebhookDefinition, pipeline: PipelineDeclaration): void {
  checkAuthentication(definition);
  definition.filters.forEach((filter, index) => {
    const problem = jsonPathProblem(filter.jsonPath);
    if (problem !== undefined) {
      throw new PipewrightError('InvalidWebhookFilterPatternException', `Filter ${index + 1} of webhook ${definition.name}: ${problem}`);
    }
  });
  const target = pipeline.stages[0]?.actions.find((action) => action.name === definition.targetAction);
  if (target === undefined || target.actionTypeId.category !== 'Source') {
    throw new PipewrightError(
      'ValidationException',
      `The target action ${definition.targetAction} of webhook ${definition.name} is not a source action of the first stage of pipeline ${pipeline.name}.`,
    );
  }
}

function checkAuthentication(definition: WebhookDefinition): void {
  const { SecretToken: secret, AllowedIPRange: range } = definition.authenticationConfiguration;
  const wrong = (message: string): PipewrightError =>
    new PipewrightError('InvalidWebhookAuthenticationParametersException', `Webhook ${definition.name}, authentication ${definition.authentication}: ${message}`);
  switch (definition.authentication) {
    case 'GITHUB_HMAC':
      if (secret === undefined || secret === '') throw wrong('give a SecretToken, the secret the sender signs its calls with.');
      if (range !== undefined) throw wrong('AllowedIPRange belongs to IP authentication; give only a SecretToken.');
      return;
    case 'IP':
      if (range === undefined) throw wrong('give an AllowedIPRange, the CIDR block calls must come from.');
      if (secret !== undefined) throw wrong('SecretToken belongs to GITHUB_HMAC authentication; give only an AllowedIPRange.');
      if (!isCidr(range)) throw wrong(`AllowedIPRange ${JSON.stringify(range)} is not a CIDR block such as 192.0.2.0/24.`);
      return;
    case 'UNAUTHENTICATED':
      if (secret !== undefined || range !== undefined) throw wrong('takes no authentication properties.');
      return;
  }
}

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a JSONPath expression cannot be one, or undefined. The evaluator is lenient (it reads `$.a[`
 * as something), so the shape is checked here: a root, and brackets and parentheses that close,
 * quotes respected.
 */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return `the JSONPath ${JSON.stringify(path)} must start at the root, $.`;
  const open: string[] = [];
  let quote: string | undefined;
  for (const character of path) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      continue;
    }
    if (character === "'" || character === '"') quote = character;
    else if (character === '[' || character === '(') open.push(character === '[' ? ']' : ')');
    else if (character === ']' || character === ')') {
      if (open.pop() !== character) return `the JSONPath ${JSON.stringify(path)} closes a bracket it did not open.`;
    }
  }
  if (quote !== undefined || open.length > 0) return `the JSONPath ${JSON.stringify(path)} leaves a bracket or a quote open.`;
  if (/\.$/.test(path) || /\.\.\.|\[\]/.test(path)) return `the JSONPath ${JSON.stringify(path)} has an empty step.`;
  return undefined;
}
