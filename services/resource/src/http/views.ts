import type { Static } from 'typebox';
import type { HoldingRow } from '../data/allocation-repository.ts';
import type { ResourceRow } from '../data/resource-repository.ts';
import type { ResourceTypeRow } from '../data/resource-type-repository.ts';
import type { AllocationView, ResourceTypeView, ResourceView } from './schemas.ts';

export function resourceView(r: ResourceRow): Static<typeof ResourceView> {
  return {
    id: r.id,
    name: r.name,
    type_id: r.type_id,
    quantity: r.quantity,
    location: r.location,
    description: r.description,
    setup_minutes: r.setup_minutes,
    teardown_minutes: r.teardown_minutes,
    status: r.status,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString()
  };
}

export function resourceTypeView(t: ResourceTypeRow): Static<typeof ResourceTypeView> {
  return { id: t.id, name: t.name, description: t.description, created_at: t.created_at.toISOString() };
}

export function allocationView(a: HoldingRow): Static<typeof AllocationView> {
  return {
    id: a.id,
    kind: a.event_id === null ? 'block' : 'allocation',
    resource_id: a.resource_id,
    resource_name: a.resource_name,
    event_id: a.event_id,
    quantity: a.quantity,
    start_time: a.start_time.toISOString(),
    end_time: a.end_time.toISOString(),
    occupied_from: a.occupied_from.toISOString(),
    occupied_to: a.occupied_to.toISOString(),
    reason: a.reason,
    status: a.status,
    released_at: a.released_at?.toISOString() ?? null,
    released_reason: a.released_reason,
    created_by: a.created_by,
    created_at: a.created_at.toISOString()
  };
}
