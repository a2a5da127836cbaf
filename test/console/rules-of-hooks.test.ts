import { RuleTester } from 'eslint';
import { afterAll, describe, it } from 'vitest';
import { rulesOfHooks } from '../../web/eslint/rules-of-hooks.js';

// RuleTester runs its cases through the test framework's hooks (static members its types leave out).
Object.assign(RuleTester, { afterAll, describe, it, itOnly: it.only });

/** The console's local rules-of-hooks lint rule, on code it must accept and code it must refuse. */
new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } }).run('rules-of-hooks', rulesOfHooks, {
  valid: [
    'function Page() { const [a] = useState(0); useEffect(() => {}, [a]); return a; }',
    'const Page = () => { const x = useRef(null); return x; };',
    'function useThing() { return useState(1); }',
    'const Memo = memo(function Inner() { useState(0); return null; });',
    'function Page() { const go = () => navigate("/"); return go; }',
    'function Page() { const data = React.useMemo(() => 1, []); return data; }',
  ],
  invalid: [
    { code: 'function Page(p) { if (p) { useState(0); } return null; }', errors: [{ message: /inside IfStatement/ }] },
    { code: 'function Page(p) { p && useEffect(() => {}); return null; }', errors: [{ message: /conditionally/ }] },
    { code: 'function Page(p) { for (const x of p) useState(x); return null; }', errors: [{ message: /ForOfStatement/ }] },
    { code: 'function Page(p) { useEffect(() => { useState(0); }); return null; }', errors: [{ message: /anonymous function/ }] },
    { code: 'function helper() { return useState(0); }', errors: [{ message: /helper, which is neither/ }] },
    { code: 'function Page(p) { if (!p) return null; const [a] = useState(0); return a; }', errors: [{ message: /early return/ }] },
    { code: 'const value = useContext(Theme);', errors: [{ message: /outside a component/ }] },
    { code: 'function Page(p) { return p ? useState(0) : null; }', errors: [{ message: /ConditionalExpression/ }] },
  ],
});
