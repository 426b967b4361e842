// Every error Gatehouse answers with, in one registry: a stable code, its HTTP status and title.
// REST answers carry the code in problem+json; the panel maps the same codes to notices.

export const errorCodes = {
  INVALID_INPUT: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  PASSWORD_POLICY: { status: 400, title: 'The password does not meet the password policy' },
  TOO_MANY_GRANTS: { status: 400, title: 'A policy holds at most 100 grants' },
  NOT_SIGNED_IN: { status: 401, title: 'Sign in first' },
  INVALID_CREDENTIALS: { status: 401, title: 'Wrong e-mail, username or password' },
  INVALID_CODE: { status: 401, title: 'The code is not valid' },
  SESSION_ENDED: { status: 401, title: 'The session has ended; sign in again' },
  SIGN_IN_EXPIRED: { status: 401, title: 'The sign-in took too long; start again with the password' },
  INVALID_API_KEY: { status: 401, title: 'The API key is not valid' },
  FORBIDDEN: { status: 403, title: 'You are not allowed to do this' },
  CSRF: { status: 403, title: 'Missing or wrong CSRF token' },
  SESSION_REQUIRED: { status: 403, title: 'This needs a signed-in session; an API key cannot do it' },
  IP_NOT_ALLOWED: { status: 403, title: 'Access from this address is not allowed' },
  ACCOUNT_DISABLED: { status: 403, title: 'The account is disabled' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  EMAIL_TAKEN: { status: 409, title: 'This e-mail address is already in use' },
  USERNAME_TAKEN: { status: 409, title: 'This username is already in use' },
  UNIQUE_ROLE_TAKEN: { status: 409, title: 'This role already has a holder in the organisation' },
  OWNER_EXISTS: { status: 409, title: 'The organisation already has an owner' },
  IN_USE: { status: 409, title: 'Still in use' },
  ALREADY_MIGRATED: { status: 409, title: 'The role is already migrated to policies' },
  POLICY_MISMATCH: { status: 409, title: "The policy does not hold exactly the role's permissions" },
  PASSWORD_REUSED: { status: 409, title: 'The password was used recently' },
  STATE_CHANGED: { status: 409, title: 'The record changed meanwhile; try again' },
  TOKEN_INVALID: { status: 410, title: 'The link or code is invalid, used or expired' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send application/json' },
  ACCOUNT_LOCKED: { status: 423, title: 'The account is locked' },
  RATE_LIMITED: { status: 429, title: 'Too many requests; try again later' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
