import type { ServiceContext } from '@style-flow/platform';

/** The resource service needs nothing beyond the platform's context (it asks the event service through peers). */
export type ResourceContext = ServiceContext;
