import type { ReactNode } from 'react';

/** "main, release/**" → ["main", "release/**"]; blank entries dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * A list of patterns typed as one comma-separated field. The field keeps what is typed (a trailing
 * comma, a space) and hands the parsed list on; the list is never re-rendered into the field, so the
 * declaration changes only where the user types.
 */
export function ListField({ label, list, onChange }: { label: string; list: string[] | undefined; onChange: (list: string[]) => void }): ReactNode {
  return (
    <label>
      {label}
      <input defaultValue={(list ?? []).join(', ')} placeholder="none" onChange={(event) => onChange(splitList(event.target.value))} />
    </label>
  );
}

/** Sets `includes` or `excludes` of a filter's criteria; an emptied list, then emptied criteria, are removed (AWS refuses empty ones). */
export function setCriteria<F extends object>(filter: F, key: keyof F, which: 'includes' | 'excludes', list: string[]): void {
  const record = filter as Record<string, { includes?: string[]; excludes?: string[] } | undefined>;
  const name = key as string;
  const criteria = { ...record[name] };
  if (list.length === 0) delete criteria[which];
  else criteria[which] = list;
  if (Object.keys(criteria).length === 0) delete record[name];
  else record[name] = criteria;
}
