import { JSONPath } from 'jsonpath-plus';
import type { WebhookFilterRule } from '../../../core/contracts/store.js';

/**
 * A webhook's filters against a call's JSON body: every rule must pass. A rule's JSONPath selects
 * values from the body; the rule passes when one of them equals `matchEquals` (numbers and booleans
 * compared as their text), or, without `matchEquals`, when it selects anything. `{Key}` in
 * `matchEquals` stands for the target action's configuration value of Key (`refs/heads/{Branch}`).
 * Filter expressions run in jsonpath-plus's safe evaluator: no code of the caller's runs.
 *
 * Returns undefined when all pass, else why the first one failed (for the caller to read).
 */
export function failedFilter(filters: readonly WebhookFilterRule[], body: unknown, configuration: Readonly<Record<string, string>>): string | undefined {
  for (const [index, filter] of filters.entries()) {
    const where = `Filter ${index + 1} (${filter.jsonPath})`;
    let selected: unknown[];
    try {
      selected = JSONPath<unknown[]>({ path: filter.jsonPath, json: body as object, wrap: true, eval: 'safe' });
    } catch (error) {
      return `${where} could not be applied to the body: ${(error as Error).message}`;
    }
    if (filter.matchEquals === undefined) {
      if (selected.length === 0) return `${where} selects nothing in the body.`;
      continue;
    }
    const expected = resolvePlaceholders(filter.matchEquals, configuration);
    if (expected.missing !== undefined) return `${where} names {${expected.missing}}, which the target action's configuration does not have.`;
    if (!selected.some((value) => asText(value) === expected.text)) {
      const found = selected.length === 0 ? 'nothing' : selected.slice(0, 3).map((value) => JSON.stringify(value)).join(', ');
      return `${where} selects ${found}; it must equal ${JSON.stringify(expected.text)}.`;
    }
  }
  return undefined;
}

function resolvePlaceholders(template: string, configuration: Readonly<Record<string, string>>): { text: string; missing?: string } {
  let missing: string | undefined;
  const text = template.replace(/\{([^{}]+)\}/g, (placeholder, key: string) => {
    const value = configuration[key];
    if (value === undefined) {
      missing ??= key;
      return placeholder;
    }
    return value;
  });
  return missing === undefined ? { text } : { text, missing };
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
