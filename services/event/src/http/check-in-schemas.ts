// The schemas of tickets, check-in lists and check-ins (SPEC §3.3).
import { CheckInConflict } from '@style-flow/contracts';
import { Id, Nullable, PageQuery, Text, Timestamp } from '@style-flow/platform';
import { Type } from 'typebox';
import { CODE_LENGTH } from '../domain/ticket-code.ts';

const instant = Type.String({ format: 'date-time' });

export const TicketView = Type.Object({
  event_id: Type.Integer(),
  registration_id: Type.Integer(),
  user_id: Type.Integer(),
  attendee_name: Type.String({ description: 'as the attendee wrote it' }),
  ticket_version: Type.Integer({ description: 'moves on when the ticket is re-issued; older codes are then refused' }),
  code: Type.String({
    description: `the text the QR code holds (${CODE_LENGTH} characters); GET /events/{id}/ticket-key says how to check it`
  }),
  event: Type.Object({
    title: Type.String(),
    start_date: instant,
    end_date: instant,
    location: Nullable(Type.String()),
    time_zone: Type.String({ description: 'the IANA zone it takes place in, for showing its times' })
  })
});

export const TicketKeyView = Type.Object(
  {
    event_id: Type.Integer(),
    algorithm: Type.Literal('Ed25519'),
    code_format: Type.Literal('style-flow-ticket-1'),
    public_key: Type.String({ description: 'the raw 32-byte Ed25519 public key, base64url without padding' }),
    public_key_pem: Type.String({ description: 'the same key as a PEM SubjectPublicKeyInfo' }),
    jwk: Type.Object({ kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String() })
  },
  {
    description:
      'A ticket code is base32hex (RFC 4648 §7, upper case, no padding) of 75 bytes: an 11-byte payload — 0x01, the ' +
      'event id (uint32, big-endian), the registration id (uint32), the ticket version (uint16) — followed by its ' +
      'Ed25519 signature (64 bytes) under this key. A scanner without network verifies the signature and the event id; ' +
      'online, POST /events/{id}/check-ins also refuses revoked, cancelled and unpaid tickets.'
  }
);

export const CheckInListView = Type.Object({
  id: Type.Integer(),
  event_id: Type.Integer(),
  name: Type.String(),
  is_default: Type.Boolean({ description: 'where scans that name no list go' }),
  checked_in_count: Type.Integer(),
  created_at: instant
});

export const CreateCheckInListBody = Type.Object(
  { name: Text({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false }
);

export const ListCheckInListsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const CheckInListParams = Type.Object({ id: Id, list_id: Id });

export const CheckInBody = Type.Object(
  {
    code: Text({
      minLength: 1,
      maxLength: 500,
      description: 'the text of the QR code on the ticket, scanned or typed'
    }),
    list_id: Type.Optional(Id),
    nonce: Type.String({
      minLength: 1,
      maxLength: 128,
      pattern: '^[!-~]+$',
      description: 'chosen by the scanner for each scan: the same nonce again gets the first answer back'
    }),
    scanned_at: Type.Optional(Timestamp),
    force: Type.Optional(
      Type.Boolean({
        description: 'an offline scan that already let the person in: recorded whatever it conflicts with'
      })
    )
  },
  { additionalProperties: false }
);

/** Where and when a ticket was first used on a list. */
export const FirstCheckInView = Type.Object({
  id: Type.Integer(),
  list_id: Type.Integer(),
  list_name: Type.String(),
  scanned_at: instant,
  recorded_at: instant,
  scanner_id: Type.Integer()
});

const checkInFields = {
  id: Type.Integer(),
  event_id: Type.Integer(),
  list_id: Type.Integer(),
  list_name: Type.String(),
  registration_id: Type.Integer(),
  user_id: Type.Integer(),
  attendee_name: Type.String(),
  ticket_version: Type.Integer(),
  scanner_id: Type.Integer(),
  scanned_at: instant,
  recorded_at: instant,
  forced: Type.Boolean(),
  conflicts: Type.Array(CheckInConflict, { description: 'the rules a forced scan broke; empty for every other' }),
  duplicate_of: Nullable(Type.Integer({ description: 'the check-in that had used the ticket on this list first' }))
};

export const CheckInView = Type.Object(checkInFields);

/** A scan's answer: the check-in, and for a forced scan of a ticket already used on the list, that first use. */
export const ScanView = Type.Object({ ...checkInFields, first_check_in: Nullable(FirstCheckInView) });

export const ListCheckInsQuery = Type.Object(
  { ...PageQuery, list_id: Type.Optional(Id), registration_id: Type.Optional(Id) },
  { additionalProperties: false }
);
