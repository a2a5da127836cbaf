import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsActionType } from '../core/action-types/lookup.js';
import { thirdPartyRecordFrom, type ActionTypeDeclarationInput } from '../core/action-types/third-party.js';
import type { Store } from '../core/contracts/store.js';

/**
 * Pipewright's registration desk for partner action types: `<data-dir>/third-party-action-types.json`
 * holds a JSON array of action type declarations as UpdateActionType takes them (owner ThirdParty,
 * a JobWorker executor). At start, each type not yet registered is; a registered one keeps what
 * UpdateActionType made of it. Returns how many were registered now.
 */
export async function registerThirdPartyActionTypes(store: Store, dataDir: string, now: number): Promise<number> {
  const file = join(dataDir, 'third-party-action-types.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let declarations: unknown;
  try {
    declarations = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(declarations)) throw new Error(`${file} must hold a JSON array of action type declarations.`);
  const known = await store.listThirdPartyActionTypes();
  let registered = 0;
  for (const [index, declaration] of declarations.entries()) {
    let record;
    try {
      record = thirdPartyRecordFrom(declaration as ActionTypeDeclarationInput, now);
    } catch (error) {
      throw new Error(`${file}, declaration ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
    const { category, provider, version } = record;
    if (awsActionType({ category, owner: 'ThirdParty', provider, version }) !== undefined) {
      throw new Error(`${file}, declaration ${index + 1}: ${category}/ThirdParty/${provider}/${version} is an action type AWS provides itself; it cannot be registered.`);
    }
    if (known.some((type) => type.category === record.category && type.provider === record.provider && type.version === record.version)) continue;
    await store.putThirdPartyActionType(record);
    registered++;
  }
  return registered;
}
