export * from './topics.ts';
export * from './envelope.ts';
export * from './error-codes.ts';
export * from './events/event-definition.ts';
export * from './events/common.ts';
export * from './events/auth-events.ts';
export * from './events/user-events.ts';
export * from './events/event-events.ts';
