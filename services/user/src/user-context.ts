import type { ServiceContext } from '@style-flow/platform';
import type { UserSettings } from './user-config.ts';

export interface UserContext extends ServiceContext {
  settings: UserSettings;
}
