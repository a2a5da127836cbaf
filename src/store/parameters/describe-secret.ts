import type { Kysely } from 'kysely';
import type { SecretRecord, SecretVersionRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toSecretSummary } from './row-mapping.js';

export async function describeSecret(db: Kysely<Database>, name: string): Promise<SecretRecord | undefined> {
  const secret = await db.selectFrom('secrets').selectAll().where('name', '=', name).executeTakeFirst();
  if (secret === undefined) return undefined;
  const rows = await db
    .selectFrom('secret_versions')
    .leftJoin('secret_version_stages', (join) =>
      join
        .onRef('secret_version_stages.secret_name', '=', 'secret_versions.secret_name')
        .onRef('secret_version_stages.version_id', '=', 'secret_versions.version_id'),
    )
    .select(['secret_versions.version_id', 'secret_versions.created', 'secret_version_stages.stage'])
    .where('secret_versions.secret_name', '=', name)
    .orderBy('secret_versions.created', 'desc')
    .orderBy('secret_versions.version_id', 'desc')
    .orderBy('secret_version_stages.stage')
    .execute();
  const versions = new Map<string, SecretVersionRecord>();
  for (const row of rows) {
    const version = versions.get(row.version_id) ?? { versionId: row.version_id, stages: [], created: row.created };
    if (row.stage !== null) version.stages.push(row.stage);
    versions.set(row.version_id, version);
  }
  return { ...toSecretSummary(secret), versions: [...versions.values()] };
}
