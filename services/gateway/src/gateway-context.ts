import type { ServiceContext } from '@style-flow/platform';
import type { GatewaySettings } from './gateway-config.ts';

export interface GatewayContext extends ServiceContext {
  settings: GatewaySettings;
}
