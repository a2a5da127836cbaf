// Lint is part of `npm test`. Beyond code style, it enforces the dependency direction of
// docs/architecture.md: each folder of src/ may import only the folders listed for it there,
// and no import cycle is allowed anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

/** folder → the folders of src/ it may import (besides itself). Keep in step with docs/architecture.md. */
const allowedImports = {
  core: [],
  store: ['core'],
  artifacts: ['core'],
  engine: ['core'],
  providers: ['core'],
  worker: ['core', 'providers', 'client'],
  api: ['core', 'engine'],
  client: ['core'],
  templates: ['core'],
  cli: ['core', 'client', 'server', 'templates'],
  server: ['core', 'store', 'artifacts', 'engine', 'providers', 'worker', 'api', 'client'],
};
const folders = Object.keys(allowedImports);

const zones = folders.flatMap((folder) =>
  folders
    .filter((other) => other !== folder && !allowedImports[folder].includes(other))
    .map((other) => ({
      target: `./src/${folder}`,
      from: `./src/${other}`,
      message: `src/${folder} may not import src/${other} (see docs/architecture.md).`,
    })),
);

export default tseslint.config(
  {
    // The demo's sample app is a user's project committed as it is (plain Node.js, its own conventions), not Pipewright's code;
    // so are the public samples the template tests use as fixtures.
    ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.pipewright/**', 'src/server/demo/sample-app/**', 'test/templates/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js', 'web/eslint/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // The cycle check reads every imported module: it needs to know TypeScript files and how to parse them.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a derived union type instead of enum.' },
      ],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    // web/ is the console: it talks to the API over HTTP and never imports the server's code. Its
    // React code is held to React's own lint rules (eslint-plugin-react-hooks: the rules of hooks, the
    // dependencies of effects, and the recommended React Compiler checks).
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**'], message: 'web/ talks to the API only.' }] }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      // Tests assert on SDK responses whose fields are typed optional; non-null assertions keep them readable.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
