// The stats API's error codes, one registry: every code a client can see is listed here with
// its HTTP status and meaning (the OpenAPI document is generated from this table).

export const ERROR_CODES = {
  invalid_query: { status: 400, description: 'The query (body or parameters) is malformed; the message names the field and why.' },
  invalid_json: { status: 400, description: 'The request body is not valid JSON.' },
  site_not_found: { status: 404, description: 'No site with that domain exists.' },
  unauthorized: { status: 401, description: 'No API key, or the key is unknown or revoked.' },
  rate_limited: { status: 429, description: 'The API key exceeded its rate limit; retry after the Retry-After seconds.' },
  not_found: { status: 404, description: 'No such route.' },
  internal: { status: 500, description: 'An unexpected server error; details are logged, never returned.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error meant for the client: a code from the registry and a message safe to show. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
  }
}

/** Shorthand for the most common case: a field of the query is wrong. */
export function invalid(path: string, why: string): ApiError {
  return new ApiError('invalid_query', path ? `${path}: ${why}` : why);
}

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
