// Lint rules. The workflow block enforces Temporal's determinism: workflow code may import only
// @temporalio/workflow, pure project modules and activity *types*.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.tools/**', '.taskmaster/**', 'jest.config.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // Formatting is Prettier's (npm run format); this turns off the rules that would fight it.
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier wraps at 140; this catches what it cannot wrap (long strings, comments).
      'max-len': ['error', { code: 140, ignorePattern: '^import |^export .* from ' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'src/contracts/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code must be deterministic: no Node built-ins.' },
              { name: `node:${name}`, message: 'Workflow code must be deterministic: no Node built-ins.' },
            ]),
            { name: '@temporalio/client', message: 'Workflows cannot use the client.' },
            { name: '@temporalio/worker', message: 'Workflows cannot use the worker.' },
            { name: '@temporalio/activity', message: 'Workflows cannot use the activity context.' },
            { name: 'pino', message: 'Use the workflow logger from @temporalio/workflow.' },
          ],
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only (import type).',
            },
            { group: ['**/src/config/load*', '**/src/http/**', '**/src/dev-server/**'], message: 'Not workflow-safe.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'process', message: 'Workflow code cannot read the environment.' },
        { name: 'require', message: 'Workflow code must use static imports.' },
      ],
    },
  },
  {
    // The agents' input schemas are read by the HTTP layer and the catalog as well as by the activities: zod only.
    files: [
      'activities/*/schema.ts',
      'activities/help/snapshot.ts',
      'activities/shared/common-schema.ts',
      'activities/shared/job-data-issues.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((name) => [
            { name, message: 'Schema modules are pure: no Node built-ins.' },
            { name: `node:${name}`, message: 'Schema modules are pure: no Node built-ins.' },
          ]),
          patterns: [{ group: ['@temporalio/*', 'pino', 'pino-*'], message: 'Schema modules are pure: zod only.' }],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // supertest bodies are `any` by design; the assertions check their shape.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Generated test data: long literal lines are the data itself.
    files: ['tests/fixtures/**'],
    rules: { 'max-len': 'off' },
  },
);
