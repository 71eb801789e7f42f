import type { Static } from 'typebox';
import type { Activity } from '../data/activity-repository.ts';
import type { Integration } from '../data/integration-repository.ts';
import type { User } from '../data/user-repository.ts';
import type { ActivityView, IntegrationView, UserView } from './schemas.ts';

export function userView(u: User): Static<typeof UserView> {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    phone: u.phone,
    role: u.role,
    status: u.status,
    settings: u.settings,
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString()
  };
}

export function integrationView(i: Integration): Static<typeof IntegrationView> {
  return {
    id: i.id,
    provider: i.provider,
    external_id: i.external_id,
    status: i.status,
    connected_at: i.connected_at.toISOString()
  };
}

export function activityView(a: Activity): Static<typeof ActivityView> {
  return { id: a.id, type: a.type, details: a.details, occurred_at: a.occurred_at.toISOString() };
}
