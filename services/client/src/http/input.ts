import { toInstant } from '@style-flow/platform';
import type { ManualEntry, ManualActivityType } from '../data/activity-repository.ts';
import type { ClientInput } from '../data/client-repository.ts';
import type { ContactInput } from '../data/contact-repository.ts';

// Bodies as the domain takes them: text trimmed (optional text with nothing left is null: an empty website is
// no website), instants in UTC to the millisecond.

const optional = (v: string | null): string | null => {
  const text = v?.trim();
  return text ? text : null;
};

type ClientBody = Partial<{ [K in keyof ClientInput]: ClientInput[K] | undefined }>;

export function clientChanges(body: ClientBody): Partial<ClientInput> {
  const out: Partial<ClientInput> = {};
  if (body.name !== undefined) out.name = body.name.trim();
  if (body.type !== undefined) out.type = body.type;
  for (const k of ['industry', 'description', 'email', 'phone', 'website'] as const)
    if (body[k] !== undefined) out[k] = optional(body[k]);
  return out;
}

export function newClient(body: ClientBody & Pick<ClientInput, 'name' | 'type'>): ClientInput {
  return {
    industry: null,
    description: null,
    email: null,
    phone: null,
    website: null,
    ...clientChanges(body)
  } as ClientInput;
}

type ContactBody = Partial<{ [K in keyof ContactInput]: ContactInput[K] | undefined }>;

export function contactChanges(body: ContactBody): Partial<ContactInput> {
  const out: Partial<ContactInput> = {};
  if (body.name !== undefined) out.name = body.name.trim();
  for (const k of ['email', 'phone', 'position'] as const) if (body[k] !== undefined) out[k] = optional(body[k]);
  return out;
}

export function newContact(body: ContactBody & Pick<ContactInput, 'name'>): ContactInput {
  return { email: null, phone: null, position: null, ...contactChanges(body) } as ContactInput;
}

type ActivityBody = { type?: ManualActivityType; description?: string; occurred_at?: string };

export function activityChanges(body: ActivityBody): Partial<ManualEntry> {
  const out: Partial<ManualEntry> = {};
  if (body.type !== undefined) out.type = body.type;
  if (body.description !== undefined) out.description = body.description.trim();
  if (body.occurred_at !== undefined) out.occurred_at = toInstant(body.occurred_at, '/occurred_at');
  return out;
}

export function newActivity(body: ActivityBody & Pick<ManualEntry, 'type' | 'description'>): ManualEntry {
  return { occurred_at: new Date().toISOString(), ...activityChanges(body) } as ManualEntry;
}
