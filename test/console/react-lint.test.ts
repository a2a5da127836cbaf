import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The console's React code is linted with eslint-plugin-react-hooks through the repository's own
 * eslint.config.js: these cases check that the configuration applies it to web/, not the plugin itself.
 */
describe("the console's lint", () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  // An existing file of the console, so that the TypeScript project service knows it; the text is ours.
  const filePath = 'web/src/lib/live.ts';

  async function ruleIds(code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
  }

  it('refuses a hook called conditionally', { timeout: 60_000 }, async () => {
    const code = "import { useState } from 'react';\nexport function useThing(on: boolean): number {\n  if (on) {\n    const [value] = useState(1);\n    return value;\n  }\n  return 0;\n}\n";
    expect(await ruleIds(code)).toContain('react-hooks/rules-of-hooks');
  });

  it('refuses an effect that leaves out a dependency it reads', { timeout: 60_000 }, async () => {
    const code =
      "import { useEffect, useState } from 'react';\nexport function useThing(name: string): number {\n  const [value, setValue] = useState(0);\n  useEffect(() => {\n    setTimeout(() => setValue(name.length), 0);\n  }, []);\n  return value;\n}\n";
    expect(await ruleIds(code)).toContain('react-hooks/exhaustive-deps');
  });

  it('accepts hooks called at the top of a hook', { timeout: 60_000 }, async () => {
    const code = "import { useState } from 'react';\nexport function useThing(): number {\n  const [value] = useState(1);\n  return value;\n}\n";
    expect(await ruleIds(code)).toEqual([]);
  });
});
