import type { ServiceContext } from '@style-flow/platform';

/** The user service needs nothing beyond the platform's context (it asks the auth service through peers). */
export type UserContext = ServiceContext;
