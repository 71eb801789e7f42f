// The one list of services (DESIGN §2): the program's targets, the test kit's stacks and the gateway's route
// table all come from here, so adding a service is its folder plus one entry.
import { defineService, type ServiceDefinition } from '@style-flow/platform';
import { authConfig } from '@style-flow/auth-service/config';
import { createAuthService } from '@style-flow/auth-service';
import { clientConfig } from '@style-flow/client-service/config';
import { createClientService } from '@style-flow/client-service';
import { eventConfig } from '@style-flow/event-service/config';
import { createEventService } from '@style-flow/event-service';
import { createResourceService } from '@style-flow/resource-service';
import { paymentConfig } from '@style-flow/payment-service/config';
import { createPaymentService } from '@style-flow/payment-service';
import { gatewayConfig } from '@style-flow/gateway-service/config';
import { createGatewayService } from '@style-flow/gateway-service';
import { createUserService } from '@style-flow/user-service';
import { notificationConfig } from '@style-flow/notification-service/config';
import { createNotificationService } from '@style-flow/notification-service';
import { consoleConfig } from '@style-flow/console-service/config';
import { createConsoleService } from '@style-flow/console-service';

/** The services behind the gateway, with the first path segments it routes to each (SPEC §3.7). */
export const upstreams: readonly ServiceDefinition[] = [
  defineService({
    name: 'auth',
    port: { key: 'AUTH_SERVICE_PORT', default: 8081 },
    urls: { key: 'AUTH_SERVICE_URLS' },
    routes: ['auth'],
    config: authConfig,
    create: (deps) => createAuthService(deps)
  }),
  defineService({
    name: 'user',
    port: { key: 'USER_SERVICE_PORT', default: 8082 },
    urls: { key: 'USER_SERVICE_URLS' },
    routes: ['users'],
    create: createUserService
  }),
  defineService({
    name: 'event',
    port: { key: 'EVENT_SERVICE_PORT', default: 8083 },
    urls: { key: 'EVENT_SERVICE_URLS' },
    routes: ['events', 'categories', 'registrations'],
    config: eventConfig,
    create: createEventService
  }),
  defineService({
    name: 'resource',
    port: { key: 'RESOURCE_SERVICE_PORT', default: 8084 },
    urls: { key: 'RESOURCE_SERVICE_URLS' },
    routes: ['resources', 'resource-types', 'allocations'],
    create: createResourceService
  }),
  defineService({
    name: 'client',
    port: { key: 'CLIENT_SERVICE_PORT', default: 8085 },
    urls: { key: 'CLIENT_SERVICE_URLS' },
    routes: ['clients'],
    config: clientConfig,
    create: createClientService
  }),
  defineService({
    name: 'payment',
    port: { key: 'PAYMENT_SERVICE_PORT', default: 8086 },
    urls: { key: 'PAYMENT_SERVICE_URLS' },
    routes: ['payments', 'payment-methods', 'transactions'],
    config: paymentConfig,
    create: createPaymentService
  }),
  defineService({
    name: 'notification',
    port: { key: 'NOTIFICATION_SERVICE_PORT', default: 8088 },
    urls: { key: 'NOTIFICATION_SERVICE_URLS' },
    routes: ['notifications', 'webhooks'],
    config: notificationConfig,
    create: createNotificationService
  }),
  defineService({
    name: 'console',
    port: { key: 'CONSOLE_SERVICE_PORT', default: 8087 },
    urls: { key: 'CONSOLE_SERVICE_URLS' },
    routes: ['app'],
    public: true,
    config: consoleConfig,
    create: createConsoleService
  })
];

const gateway = defineService({
  name: 'gateway',
  port: { key: 'GATEWAY_PORT', default: 8080 },
  urls: { key: 'GATEWAY_URLS' },
  routes: [],
  config: gatewayConfig,
  create: (deps) => createGatewayService(deps, upstreams)
});

export const registry: readonly ServiceDefinition[] = [gateway, ...upstreams];

/** The services that can run: those built so far. */
export const runnable = registry.filter((s) => s.create !== undefined);
