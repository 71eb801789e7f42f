// The one list of services (DESIGN §2): the program's targets, the test kit's stacks and the gateway's route
// table all come from here, so adding a service is its folder plus one entry.
import { defineService, type ServiceDefinition } from '@style-flow/platform';
import { authConfig } from '@style-flow/auth-service/config';
import { createAuthService } from '@style-flow/auth-service';
import { clientConfig } from '@style-flow/client-service/config';
import { createClientService } from '@style-flow/client-service';
import { eventConfig } from '@style-flow/event-service/config';
import { createEventService } from '@style-flow/event-service';
import { resourceConfig } from '@style-flow/resource-service/config';
import { createResourceService } from '@style-flow/resource-service';
import { paymentConfig } from '@style-flow/payment-service/config';
import { createPaymentService } from '@style-flow/payment-service';
import { gatewayConfig } from '@style-flow/gateway-service/config';
import { createGatewayService } from '@style-flow/gateway-service';
import { userConfig } from '@style-flow/user-service/config';
import { createUserService } from '@style-flow/user-service';

/** The services behind the gateway, with the first path segments it routes to each (SPEC §3.7). */
export const upstreams: readonly ServiceDefinition[] = [
  defineService({
    name: 'auth',
    port: { key: 'AUTH_SERVICE_PORT', default: 8081 },
    routes: ['auth'],
    config: authConfig,
    create: (deps) => createAuthService(deps)
  }),
  defineService({
    name: 'user',
    port: { key: 'USER_SERVICE_PORT', default: 8082 },
    routes: ['users'],
    config: userConfig,
    create: createUserService
  }),
  defineService({
    name: 'event',
    port: { key: 'EVENT_SERVICE_PORT', default: 8083 },
    routes: ['events', 'categories'],
    config: eventConfig,
    create: createEventService
  }),
  defineService({
    name: 'resource',
    port: { key: 'RESOURCE_SERVICE_PORT', default: 8084 },
    routes: ['resources', 'resource-types', 'allocations'],
    config: resourceConfig,
    create: createResourceService
  }),
  defineService({
    name: 'client',
    port: { key: 'CLIENT_SERVICE_PORT', default: 8085 },
    routes: ['clients'],
    config: clientConfig,
    create: createClientService
  }),
  defineService({
    name: 'payment',
    port: { key: 'PAYMENT_SERVICE_PORT', default: 8086 },
    routes: ['payments', 'payment-methods', 'transactions'],
    config: paymentConfig,
    create: createPaymentService
  })
];

const gateway = defineService({
  name: 'gateway',
  port: { key: 'GATEWAY_PORT', default: 8080 },
  routes: [],
  config: gatewayConfig(upstreams.map((u) => u.name)),
  create: (deps) => createGatewayService(deps, upstreams)
});

export const registry: readonly ServiceDefinition[] = [gateway, ...upstreams];

/** The services that can run: those built so far. */
export const runnable = registry.filter((s) => s.create !== undefined);
