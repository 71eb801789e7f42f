import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@style-flow/contracts';

/** Builds the CloudEvents envelope of a fact that `service` announces about entity `subject`. */
export function createEnvelope<Data>(
  service: string,
  type: string,
  subject: string | number,
  data: Data,
  now = new Date()
): CloudEvent<Data> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `/${service}-service`,
    type,
    subject: String(subject),
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data
  };
}
