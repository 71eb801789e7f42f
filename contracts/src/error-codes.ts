// One table of every error the API can answer with (DESIGN rule 5): a code, its HTTP status and title.
// Services add their domain codes here, so a client can rely on one list.
export const errorCodes = {
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  URI_TOO_LONG: { status: 414, title: 'URI too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  UNPROCESSABLE: { status: 422, title: 'Request refused by the business rules' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  INTERNAL: { status: 500, title: 'Internal server error' },

  // auth and users
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid email or password' },
  INVALID_REFRESH_TOKEN: { status: 401, title: 'Invalid refresh token' },
  ACCOUNT_DEACTIVATED: { status: 403, title: 'Account deactivated' },
  LOGIN_THROTTLED: { status: 429, title: 'Too many failed logins' },
  EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  USERNAME_TAKEN: { status: 409, title: 'Username already taken' },
  WEAK_PASSWORD: { status: 400, title: 'Password does not meet the policy' },
  INVALID_RESET_TOKEN: { status: 400, title: 'Invalid or expired reset token' },
  INTEGRATION_EXISTS: { status: 409, title: 'Integration already linked' },

  // clients
  CLIENT_DUPLICATE: { status: 409, title: 'A client like this already exists' },
  CLIENT_ARCHIVED: { status: 422, title: 'The client is archived' },
  ACTIVITY_NOT_EDITABLE: { status: 422, title: 'System entries of the timeline cannot be edited' },

  // resources and allocations
  UNKNOWN_RESOURCE_TYPE: { status: 422, title: 'No such resource type' },
  RESOURCE_TYPE_EXISTS: { status: 409, title: 'Resource type already exists' },
  ALLOCATION_CONFLICT: { status: 409, title: 'Not enough free quantity for the whole window' },
  QUANTITY_BELOW_ALLOCATED: { status: 409, title: 'Quantity below what is allocated' },
  RESOURCE_IN_USE: { status: 409, title: 'The resource has future allocations' },
  ALREADY_RELEASED: { status: 409, title: 'Already released' },
  UNKNOWN_EVENT: { status: 422, title: 'No such event' },
  EVENT_CANCELLED: { status: 422, title: 'The event is cancelled' },
  OUTSIDE_EVENT: { status: 422, title: 'The allocation is outside the event' },
  ALLOCATION_IN_PAST: { status: 422, title: 'A past allocation cannot be released' },

  // payments
  CARD_DATA_REFUSED: { status: 400, title: 'Card numbers are never accepted' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for another request' },
  UNKNOWN_CLIENT: { status: 422, title: 'No such client' },
  UNKNOWN_PAYMENT_METHOD: { status: 422, title: 'No such payment method' },
  PAYMENT_METHOD_INACTIVE: { status: 422, title: 'The payment method is not accepted now' },
  PAYMENT_METHOD_EXISTS: { status: 409, title: 'A payment method of this name already exists' },
  PAYMENT_NOT_PENDING: { status: 409, title: 'The payment is no longer pending' },
  PAYMENT_NOT_MANUAL: { status: 422, title: 'Card payments are settled by the payment provider' },
  PAYMENT_NOT_REFUNDABLE: { status: 409, title: 'The payment cannot be refunded in its state' },
  REFUND_EXCEEDS_PAYMENT: { status: 409, title: 'The refund exceeds what remains of the payment' },

  // events and registrations
  ALREADY_REGISTERED: { status: 409, title: 'Already registered for this event' },
  CAPACITY_BELOW_REGISTRATIONS: { status: 409, title: 'Capacity below the seats already taken' },
  EVENT_NOT_OPEN: { status: 422, title: 'The event does not take registrations' },
  UNKNOWN_CATEGORY: { status: 422, title: 'No such category' },
  CATEGORY_EXISTS: { status: 409, title: 'Category already exists' },
  DEPENDENCY_UNAVAILABLE: { status: 503, title: 'Service unavailable' },

  // tickets and check-in
  ALREADY_CHECKED_IN: { status: 409, title: 'The ticket was already used on this check-in list' },
  TICKET_INVALID: { status: 422, title: 'The ticket is not valid for check-in' },
  NONCE_REUSED: { status: 422, title: 'This nonce was used for another scan' },
  UNKNOWN_CHECK_IN_LIST: { status: 422, title: 'No such check-in list for this event' },
  CHECK_IN_LIST_EXISTS: { status: 409, title: 'A check-in list of this name already exists' }
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
