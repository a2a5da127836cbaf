import type { Kysely } from 'kysely';
import type { SecretValueRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { currentStage, stageVersion, versionStages } from './secret-stages.js';

/** The version named by id, or carrying the label (AWSCURRENT by default); with both, they must agree. */
export async function getSecretValue(
  db: Kysely<Database>,
  name: string,
  select: { versionId?: string; versionStage?: string } = {},
): Promise<SecretValueRecord | undefined> {
  const versionId = select.versionId ?? (await stageVersion(db, name, select.versionStage ?? currentStage));
  if (versionId === undefined) return undefined;
  const row = await db
    .selectFrom('secret_versions')
    .select(['secret_string', 'created'])
    .where('secret_name', '=', name)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const stages = await versionStages(db, name, versionId);
  if (select.versionId !== undefined && select.versionStage !== undefined && !stages.includes(select.versionStage)) return undefined;
  return { name, versionId, stages, created: row.created, secretString: row.secret_string };
}
