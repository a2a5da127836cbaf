import { useEffect, useState } from 'react';
import { allPages, call } from '../api/client.js';
import type { ActionType, ActionTypeId } from '../api/wire-shapes.js';

export const typeKey = (id: ActionTypeId): string => `${id.category}/${id.owner}/${id.provider}/${id.version}`;

export function typeLabel(id: ActionTypeId): string {
  return `${id.provider} (${id.owner}, v${id.version})`;
}

/** Every action type the server knows (ListActionTypes), for the type picker and its configuration fields. */
export function useActionTypes(): { types: ActionType[]; error: Error | undefined } {
  const [types, setTypes] = useState<ActionType[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    allPages(async (nextToken) => {
      const page = await call('ListActionTypes', nextToken !== undefined ? { nextToken } : {});
      return { items: page.actionTypes, ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
    }, 5000)
      .then((list) => setTypes([...list].sort((a, b) => typeKey(a.id).localeCompare(typeKey(b.id)))))
      .catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
  }, []);
  return { types, error };
}
