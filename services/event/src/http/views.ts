import type { Static } from 'typebox';
import type { CategoryRow } from '../data/category-repository.ts';
import type { EventRow } from '../data/event-repository.ts';
import type { EventResourceRow } from '../data/event-resource-repository.ts';
import type { RegistrationRow } from '../data/registration-repository.ts';
import type { UserRegistrationRow } from '../data/user-registration-repository.ts';
import type { CategoryView, EventResourceView, EventView, RegistrationView, UserRegistrationView } from './schemas.ts';

export function eventView(e: EventRow): Static<typeof EventView> {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    start_date: e.start_date.toISOString(),
    end_date: e.end_date.toISOString(),
    location: e.location,
    capacity: e.capacity,
    category_id: e.category_id,
    price: e.price,
    currency: e.currency,
    organizer_id: e.organizer_id,
    status: e.status,
    registered_count: e.seats_taken,
    available_seats: e.status === 'scheduled' ? e.capacity - e.seats_taken : 0,
    client_id: e.client_id,
    time_zone: e.time_zone,
    created_at: e.created_at.toISOString(),
    updated_at: e.updated_at.toISOString()
  };
}

export function eventResourceView(r: EventResourceRow): Static<typeof EventResourceView> {
  return {
    allocation_id: r.allocation_id,
    resource_id: r.resource_id,
    name: r.resource_name,
    type_id: r.resource_type_id,
    quantity: r.quantity,
    start_time: r.start_time.toISOString(),
    end_time: r.end_time.toISOString()
  };
}

export function registrationView(r: RegistrationRow): Static<typeof RegistrationView> {
  return {
    id: r.id,
    event_id: r.event_id,
    user_id: r.user_id,
    status: r.status,
    hold_expires_at: r.hold_expires_at?.toISOString() ?? null,
    payment_id: r.payment_id,
    cancel_reason: r.cancel_reason,
    created_at: r.created_at.toISOString()
  };
}

export function userRegistrationView(r: UserRegistrationRow): Static<typeof UserRegistrationView> {
  const e = r.event;
  return {
    ...registrationView(r),
    event: {
      id: e.id,
      title: e.title,
      start_date: e.start_date.toISOString(),
      end_date: e.end_date.toISOString(),
      location: e.location,
      status: e.status,
      price: e.price,
      currency: e.currency,
      time_zone: e.time_zone
    }
  };
}

export function categoryView(c: CategoryRow): Static<typeof CategoryView> {
  return { id: c.id, name: c.name, description: c.description };
}
