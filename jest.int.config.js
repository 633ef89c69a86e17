/** Integration tests against real services (PostgreSQL, Kafka). Run serially. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/libs'],
  testMatch: ['**/*.int-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  // Starts the Kafka broker when KAFKA_BROKERS is unset, and builds dist/ for the child-process tests.
  globalSetup: '<rootDir>/test/support/int-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/int-global-teardown.ts',
};
