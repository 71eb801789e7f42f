// The Kafka topics of SPEC §4, named as in the seed. Every producer and consumer uses these constants.
export const Topics = {
  authUserRegistered: 'auth.user.registered',
  authUserLogin: 'auth.user.login',
  authUserLogout: 'auth.user.logout',
  authPasswordResetRequested: 'auth.password_reset.requested',
  userEvents: 'user-events',
  userRoleChangedCommand: 'user.role_changed',
  userDeactivatedCommand: 'user.deactivated',
  eventEvents: 'event-events',
  eventRegistrations: 'event-registrations',
  resourceEvents: 'resource-events',
  resourceAllocations: 'resource-allocations',
  clientEvents: 'client-events',
  paymentEvents: 'payment-events'
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const allTopics: readonly Topic[] = Object.values(Topics);

/** Where a message goes after its consumer gave up on it (SPEC §4). */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
