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

  // events and registrations
  ALREADY_REGISTERED: { status: 409, title: 'Already registered for this event' },
  CAPACITY_BELOW_REGISTRATIONS: { status: 409, title: 'Capacity below the seats already taken' },
  EVENT_NOT_OPEN: { status: 422, title: 'The event does not take registrations' },
  UNKNOWN_CATEGORY: { status: 422, title: 'No such category' },
  CATEGORY_EXISTS: { status: 409, title: 'Category already exists' },
  DEPENDENCY_UNAVAILABLE: { status: 503, title: 'Service unavailable' }
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
