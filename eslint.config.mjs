// Lint rules. The workflow block enforces Temporal's determinism: workflow code may import only
// @temporalio/workflow, pure project modules and activity *types*, and uses no randomness, code generation,
// environment, Buffer or Node timers.
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

/**
 * Every project module a workflow imports at run time: workflows/index.ts and its import closure (type-only imports
 * excluded). tests/unit/workflow-purity.test.ts computes that closure and fails when a module in it is
 * not matched here, so a module newly imported by a workflow cannot escape the workflow rules.
 */
const workflowFiles = ['workflows/**/*.ts'];
const sharedPureFiles = [
  'src/contracts/**/*.ts',
  'src/investigations/**/*.ts',
  'src/config/duration.ts',
  'src/config/priority-classes.ts',
  'src/errors/failure-types.ts',
  // Loaded into the workflow bundle by the bundler (failureConverterPath), not by an import.
  'src/crypto/failure-converter.ts',
];
// The YAML template loader reads files, and the service talks to Temporal; no workflow imports them.
const notWorkflowSafe = ['src/investigations/template-files.ts', 'src/investigations/service/**'];

const nondeterminism = [
  {
    selector: "MemberExpression[object.name='Math'][property.name='random']",
    message: 'Workflow code must be deterministic: use uuid4() from @temporalio/workflow, or take randomness as input.',
  },
];
// Temporal's sandbox makes the clock deterministic inside a workflow, but the pure modules are shared with the HTTP
// facade, where it is not: they take times as arguments.
const clock = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'Pure modules do not read the clock: take the time as an argument.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Pure modules do not read the clock: take the time as an argument.',
  },
  { selector: "CallExpression[callee.name='Date']", message: 'Pure modules do not read the clock: take the time as an argument.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      '.tools/**',
      '.taskmaster/**',
      'jest.config.js',
      'eslint.config.mjs',
      // Generated from the SDL by npm run graphql:codegen (tests/unit/graphql/codegen-current.test.ts keeps it current).
      'src/http/graphql/generated/**',
      // Four lines of CommonJS that load tsx for the bin; all the CLI's code is TypeScript.
      'src/cli/taskmaster-bin.cjs',
    ],
  },
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
    // Layers point one way: entry points (src/cli) -> HTTP (src/http) -> services -> contracts and config. Services
    // throw domain errors (src/errors) and never import the HTTP layer above them.
    files: ['src/**/*.ts', 'workflows/**/*.ts', 'activities/**/*.ts', 'workers/**/*.ts'],
    ignores: ['src/http/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/)+(src/)?http(/.*)?$',
              message: 'Only src/http and the entry points in src/cli may import the HTTP layer; throw a domain error (src/errors).',
            },
          ],
        },
      ],
    },
  },
  {
    files: [...workflowFiles, ...sharedPureFiles],
    ignores: notWorkflowSafe,
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': ['error', ...nondeterminism],
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
        { name: 'setImmediate', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'clearTimeout', message: 'Cancel a sleep() with a CancellationScope.' },
        { name: 'clearInterval', message: 'Cancel a sleep() with a CancellationScope.' },
        { name: 'clearImmediate', message: 'Cancel a sleep() with a CancellationScope.' },
        { name: 'process', message: 'Workflow code cannot read the environment.' },
        { name: 'Buffer', message: 'Buffer is a Node built-in: use Uint8Array and TextEncoder.' },
        { name: 'globalThis', message: 'Workflow code does not reach for globals.' },
        { name: 'global', message: 'Workflow code does not reach for globals.' },
        { name: 'require', message: 'Workflow code must use static imports.' },
      ],
    },
  },
  {
    files: sharedPureFiles,
    ignores: notWorkflowSafe,
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism, ...clock] },
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
