import type { Kysely } from 'kysely';
import type { ParameterRecord, PutParameterInput } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toParameterRecord } from './row-mapping.js';

/** One statement either way, so two writers of the same name never lose a version between them. */
export async function putParameter(db: Kysely<Database>, input: PutParameterInput): Promise<ParameterRecord | undefined> {
  const insert = db.insertInto('parameters').values({
    name: input.name,
    type: input.type,
    value: input.value,
    description: input.description ?? null,
    version: 1,
    last_modified: input.now,
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
          })),
        )
      : insert.onConflict((conflict) => conflict.column('name').doNothing())
  )
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toParameterRecord(row);
}
