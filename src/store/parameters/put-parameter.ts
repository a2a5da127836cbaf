import type { Kysely } from 'kysely';
import type { ParameterRecord, PutParameterInput } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { inTransaction } from './in-transaction.js';
import { toParameterRecord } from './row-mapping.js';

/** Parameter Store keeps a parameter's last 100 versions and drops the oldest beyond that. */
const keptVersions = 100;

/**
 * The upsert is one statement either way, so two writers of the same name never lose a version between
 * them; the version it produced is recorded in the history in the same transaction.
 */
export function putParameter(db: Kysely<Database>, input: PutParameterInput): Promise<ParameterRecord | undefined> {
  return inTransaction(db, async (tx) => {
    const insert = tx.insertInto('parameters').values({
      name: input.name,
      type: input.type,
      value: input.value,
      description: input.description ?? null,
      version: 1,
      last_modified: input.now,
      modified_by: input.modifiedBy ?? null,
    });
    const row = await (
      input.overwrite
        ? insert.onConflict((conflict) =>
            conflict.column('name').doUpdateSet((eb) => ({
              type: eb.ref('excluded.type'),
              value: eb.ref('excluded.value'),
              // Parameter Store keeps the description when an overwrite does not give one.
              description: eb.fn.coalesce('excluded.description', 'parameters.description'),
              version: eb('parameters.version', '+', 1),
              last_modified: eb.ref('excluded.last_modified'),
              modified_by: eb.ref('excluded.modified_by'),
            })),
          )
        : insert.onConflict((conflict) => conflict.column('name').doNothing())
    )
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return undefined;
    await tx.insertInto('parameter_versions').values(row).execute();
    await tx.deleteFrom('parameter_versions').where('name', '=', row.name).where('version', '<=', row.version - keptVersions).execute();
    return toParameterRecord(row);
  });
}
