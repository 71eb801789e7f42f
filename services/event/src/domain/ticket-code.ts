// The text a ticket's QR code holds, and what a scanner (or this service) reads from it. Binary, then base32hex:
//
//   payload   = 0x01 (format) ‖ event id (uint32 BE) ‖ registration id (uint32 BE) ‖ ticket version (uint16 BE)
//   signature = Ed25519(service key, payload)                                     — 64 bytes
//   code      = base32hex (RFC 4648 §7, upper case, no padding) of payload ‖ signature — 75 bytes, 120 characters
//
// Upper-case letters and digits are what a QR code's alphanumeric mode holds at 5.5 bits a character, so the 120
// characters fit a version-5 symbol (37 × 37 modules) at error correction M, which any phone reads at once. A
// typed code may carry spaces, hyphens and lower case; they are dropped and folded before it is read.

/** What a code says: whose ticket of which event, and which issue of it. */
export interface TicketClaims {
  eventId: number;
  registrationId: number;
  version: number;
}

const CODE_FORMAT = 1;
const PAYLOAD_BYTES = 11;
const SIGNATURE_BYTES = 64;
const CODE_BYTES = PAYLOAD_BYTES + SIGNATURE_BYTES;
/** 75 bytes of 8 bits in characters of 5 bits: no padding needed. */
export const CODE_LENGTH = (CODE_BYTES * 8) / 5;
const UINT32_MAX = 0xffff_ffff;
// The version is a uint16: bumpTicketVersion stops there.
const MAX_TICKET_VERSION = 0xffff;

export function payloadOf(claims: TicketClaims): Buffer {
  const { eventId, registrationId, version } = claims;
  if (eventId > UINT32_MAX || registrationId > UINT32_MAX || version > MAX_TICKET_VERSION)
    throw new RangeError(`a ticket code cannot hold ${JSON.stringify(claims)}`);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(CODE_FORMAT, 0);
  payload.writeUInt32BE(eventId, 1);
  payload.writeUInt32BE(registrationId, 5);
  payload.writeUInt16BE(version, 9);
  return payload;
}

/** The code of a signed payload. base32hex is a big number's digits in base 32, so BigInt spells it. */
export function codeOf(payload: Buffer, signature: Buffer): string {
  const bytes = Buffer.concat([payload, signature]);
  return BigInt(`0x${bytes.toString('hex')}`)
    .toString(32)
    .toUpperCase()
    .padStart(CODE_LENGTH, '0');
}

/** A scanned or typed code as the service reads it: separators dropped, letters folded to upper case. */
export const normalizeCode = (text: string): string => text.replace(/[\s-]/g, '').toUpperCase();

/** The payload, its claims and its signature, or null when the text is not a code of this format at all. */
export function parseCode(text: string): { payload: Buffer; signature: Buffer; claims: TicketClaims } | null {
  const code = normalizeCode(text);
  if (code.length !== CODE_LENGTH || !/^[0-9A-V]+$/.test(code)) return null;
  let n = 0n;
  for (const digit of code) n = n * 32n + BigInt(parseInt(digit, 32));
  const bytes = Buffer.from(n.toString(16).padStart(CODE_BYTES * 2, '0'), 'hex');
  if (bytes.length !== CODE_BYTES || bytes.readUInt8(0) !== CODE_FORMAT) return null;
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  return {
    payload,
    signature: bytes.subarray(PAYLOAD_BYTES),
    claims: {
      eventId: payload.readUInt32BE(1),
      registrationId: payload.readUInt32BE(5),
      version: payload.readUInt16BE(9)
    }
  };
}
