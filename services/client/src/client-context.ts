import type { ServiceContext } from '@style-flow/platform';
import type { ClientSettings } from './client-config.ts';

export interface ClientContext extends ServiceContext {
  settings: ClientSettings;
}
