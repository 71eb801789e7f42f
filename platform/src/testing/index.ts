// Test support shared by the platform's and the services' suites: which real backends this run has, fresh isolated
// databases (on the run's embedded PostgreSQL server or the configured one) and transports, a broker of a test's
// own, loggers and waiting helpers.
export * from './test-env.ts';
export * from './backends.ts';
export * from './embedded-server.ts';
export * from './loggers.ts';
export * from './eventually.ts';
export * from './kafka-broker.ts';
export * from './service-config.ts';
