import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * rules.md is the table of the execution rules. These checks keep it true to the code: a test it names
 * exists (renaming one means editing the table), and a rule the code cites is in it.
 */
const folder = import.meta.dirname;
const table = readFileSync(join(folder, 'rules.md'), 'utf8');

const rows = [...table.matchAll(/^\| (\d+) \| (.+) \| (.+) \| (.+) \|$/gm)].map(([, number, , , tests]) => ({
  number: Number(number),
  tests: (tests ?? '').split('; ').map((cited) => {
    const [file, name] = cited.split(' › ');
    return { file: file ?? '', name: name ?? '' };
  }),
}));

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourcesIn(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the execution rules table', () => {
  it('numbers its rules 1, 2, 3… and names at least one test for each', () => {
    expect(rows.map((row) => row.number)).toEqual(rows.map((_, index) => index + 1));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.tests.length).toBeGreaterThan(0);
  });

  it('names tests that exist, in the files it says', () => {
    const missing = rows.flatMap((row) =>
      row.tests.filter(({ file, name }) => !readFileSync(join(folder, file), 'utf8').includes(`it('${name}'`)).map(({ file, name }) => `rule ${row.number}: ${file} › ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('has every rule the code of the execution core cites', () => {
    const numbers = new Set(rows.map((row) => row.number));
    const cited = sourcesIn(folder).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\brules? (\d+)/gi)].map(([, number]) => ({ file, number: Number(number) })),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter(({ number }) => !numbers.has(number))).toEqual([]);
  });
});
