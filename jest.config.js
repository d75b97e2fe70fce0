/**
 * Unit tests sit beside the code (src/**\/*.spec.ts); HTTP tests in test/ run the real app on PostgreSQL, Redis and SMTP.
 * `npm test` runs in band: the HTTP suites share one test database and reset it when they start.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // Node 20 can require() this ES-module-only dependency of @fastify/static, Jest's CommonJS loader cannot.
  '/node_modules/content-disposition/.+\\.js$': [
    'babel-jest',
    { plugins: ['@babel/plugin-transform-modules-commonjs'] },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!content-disposition/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/test/support/environment.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
  // A global option: inside a project entry Jest ignores it and HTTP tests would get the 5 s default.
  testTimeout: 30000,
};
