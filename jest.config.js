/** Unit tests run in parallel; integration tests share one real Temporal dev server (see tests/integration/harness). */
// jose and canonicalize ship ES modules only: swc turns them into CommonJS for Jest (Node itself loads them as they are).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  '/node_modules/(jose|canonicalize)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!(jose|canonicalize)/)'];
// Jest cannot require() an ES module; Node and the workflow bundler load the ESM file (src/contracts/zod-mini.ts).
const moduleNameMapper = { '^zod/v4/locales/en\\.js$': '<rootDir>/node_modules/zod/v4/locales/en.cjs' };

module.exports = {
  // Integration tests wait on a real server; unit tests finish far inside this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/harness/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/harness/global-teardown.ts',
    },
    {
      // npm run test:cluster: the suites that matter, and the chaos tests, against the local cluster (root only).
      displayName: 'cluster',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: [
        '<rootDir>/tests/cluster/**/*.test.ts',
        ...['job-types', 'investigations', 'priority-and-fairness', 'sla-and-admission', 'replay', 'large-data', 'web-ui-codec'].map(
          (suite) => `<rootDir>/tests/integration/${suite}.test.ts`,
        ),
      ],
      globalSetup: '<rootDir>/tests/cluster/harness/cluster-setup.ts',
      globalTeardown: '<rootDir>/tests/cluster/harness/cluster-teardown.ts',
    },
  ],
};
