import {
  AuthUserLogout,
  AuthUserRegistered,
  UserCreated,
  UserDeactivated,
  UserRoleChanged,
  UserUpdated
} from '@style-flow/contracts';
import type { EventHandler } from '../messaging/event-consumer.ts';
import { on } from '../messaging/typed-events.ts';
import { saveRegisteredUser, saveRevokedSession, saveUserState } from './principal-store.ts';

/**
 * Mounted by the runtime in every service (SPEC §2): ended sessions from auth, and each user's current role
 * and status from user events, kept in the platform's tables for the authenticator.
 */
export function principalHandlers(): EventHandler[] {
  return [
    on(AuthUserRegistered, (tx, data) => saveRegisteredUser(tx, data.id, data.role)),
    on(AuthUserLogout, (tx, data) => saveRevokedSession(tx, data.session_id, data.user_id, data.expires_at)),
    ...[UserCreated, UserUpdated, UserDeactivated, UserRoleChanged].map((definition) =>
      on(definition, (tx, data, event) => saveUserState(tx, data.id, data.role, data.status, event.time))
    )
  ];
}
