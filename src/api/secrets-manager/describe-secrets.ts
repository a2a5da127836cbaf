import type { SecretRecord } from '../../core/contracts/store.js';
import type { JsonOperation } from '../json-service.js';
import { decodeNextToken, encodeNextToken, isString } from '../paging.js';
import { checkMembers } from '../protocol/check-members.js';
import { presentSecret } from './present-secret.js';
import { requireSecret } from './secret-arn.js';

/** Secrets Manager DescribeSecret: metadata and labelled versions, never the value. */
export const describeSecret: JsonOperation = async (body, context) => {
  const input = checkMembers<{ SecretId: string }>(body, { SecretId: { type: 'string', required: true, min: 1, max: 2048 } });
  const summary = await requireSecret(input.SecretId, context);
  const secret = (await context.services.store.describeSecret(summary.name)) as SecretRecord;
  return presentSecret(context.services.partition, secret, 'VersionIdsToStages');
};

interface Filter {
  Key?: string;
  Values?: string[];
}

/** ListSecrets' filter keys this store can answer, as a table (AWS matches by prefix, case-sensitive). */
const filterTests: Record<string, (secret: SecretRecord, value: string) => boolean> = {
  name: (secret, value) => secret.name.startsWith(value),
  description: (secret, value) => (secret.description ?? '').startsWith(value),
  all: (secret, value) => secret.name.startsWith(value) || (secret.description ?? '').startsWith(value),
};

/** Secrets Manager ListSecrets: by name, 100 a page at most, without values. */
export const listSecrets: JsonOperation = async (body, context) => {
  const input = checkMembers<{ MaxResults?: number; NextToken?: string; Filters?: Filter[] }>(body, {
    MaxResults: { type: 'integer', min: 1, max: 100 },
    NextToken: { type: 'string', min: 1, max: 4096 },
    Filters: { type: 'objects' },
    IncludePlannedDeletion: { type: 'boolean' },
    SortOrder: { type: 'string', enum: ['asc', 'desc'] },
  });
  const tests = (input.Filters ?? []).map((filter) => {
    const test = filterTests[filter.Key ?? ''];
    return (secret: SecretRecord) => test !== undefined && (filter.Values ?? []).some((value) => test(secret, value));
  });
  const limit = input.MaxResults ?? 100;
  let afterName = decodeNextToken('ListSecrets', input.NextToken, isString);
  const found: SecretRecord[] = [];
  let more = true;
  while (found.length <= limit && more) {
    const rows = await context.services.store.listSecrets({ ...(afterName !== undefined ? { afterName } : {}), limit: 200 });
    more = rows.length === 200;
    afterName = rows.at(-1)?.name;
    for (const row of rows) {
      const secret = await context.services.store.describeSecret(row.name);
      if (secret !== undefined && tests.every((test) => test(secret))) found.push(secret);
    }
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    SecretList: page.map((secret) => presentSecret(context.services.partition, secret, 'SecretVersionsToStages')),
    ...(found.length > limit && last !== undefined ? { NextToken: encodeNextToken('ListSecrets', last.name) } : {}),
  };
};
