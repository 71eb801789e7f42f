import type { ClientAddressSeal, ServiceContext } from '@style-flow/platform';
import type { Assets } from './http/assets.ts';
import type { ConsoleSettings } from './console-config.ts';
import type { Sessions } from './sessions/sessions.ts';

export interface ConsoleContext extends ServiceContext {
  settings: ConsoleSettings;
  /** Where the API is: the gateway, as for any other client. */
  apiUrl: string;
  /** How the console sends its calls to the API (http/api-fetch.ts). */
  apiFetch: (request: Request) => Promise<Response>;
  sessions: Sessions;
  assets: Assets;
  /** Vouches to the gateway for the address of the person a call is made for. */
  clientAddress: ClientAddressSeal;
  /** Cookies get `Secure` everywhere but in development (plain http://localhost). */
  secureCookies: boolean;
}
