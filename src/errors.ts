// The API's error codes, one registry: every code a client can see is listed here with its HTTP
// status and meaning (the OpenAPI document is generated from this table), and the one sender.
import type { FastifyReply } from 'fastify';

export const ERROR_CODES = {
  invalid_query: { status: 400, description: 'The query (body or parameters) is malformed; the message names the field and why.' },
  invalid_json: { status: 400, description: 'The request body is not valid JSON.' },
  body_too_large: { status: 400, description: 'The request body is larger than the limit for that endpoint; a collect request\'s connection is closed after the answer.' },
  unsupported_media_type: { status: 415, description: 'The Content-Type is not one the endpoint reads (the API reads application/json).' },
  bad_request: { status: 400, description: 'The HTTP request could not be understood (the status is the 4xx the server chose).' },
  site_not_found: { status: 404, description: 'No site with that domain exists.' },
  unauthorized: { status: 401, description: 'No credentials (session, API key or share link), or they are unknown, expired or revoked.' },
  share_locked: { status: 401, description: 'The share link has a password: unlock it first (POST /api/share/unlock) and send the grant as X-Share-Grant.' },
  totp_required: { status: 401, description: 'The account has two-factor authentication: send the current 6-digit code as totp.' },
  forbidden: { status: 403, description: 'The credentials are valid but do not allow this (role, key scope or share link).' },
  csrf_failed: { status: 403, description: 'A signed-in state change without the session\'s X-CSRF-Token header, or from another origin.' },
  invalid_request: { status: 400, description: 'A field of an account, site, key or share request is malformed; the message names it.' },
  conflict: { status: 409, description: 'The change conflicts with existing data (an email already used, the last owner).' },
  rate_limited: { status: 429, description: 'Too many requests (an API key, share link or public-site reader over its rate, or failed sign-ins); retry after the Retry-After seconds.' },
  query_timeout: { status: 503, description: 'The query ran past the statement timeout and was stopped; retry after the Retry-After seconds, or ask for less (a shorter range, fewer filters).' },
  not_found: { status: 404, description: 'No such route, or no such user, key, share link or goal.' },
  dashboard_not_built: { status: 503, description: 'The dashboard\'s files are missing: run `npm run build:web`.' },
  host_not_allowed: { status: 421, description: 'The Host header is not this server\'s public address (--public-url) or a loopback name; only the collect endpoints, tracker scripts and /healthz answer any Host.' },
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

/** A stats query stopped at its deadline: 503, with the Retry-After seconds the route sends. */
export class QueryTimeoutError extends ApiError {
  readonly retryAfterSeconds = 10;

  constructor(timeoutMs: number) {
    super('query_timeout', `The query took longer than ${timeoutMs} ms and was stopped; narrow it (a shorter range, fewer filters) or retry later.`);
  }
}

/** Shorthand for the most common case: a field of the query is wrong. */
export function invalid(path: string, why: string): ApiError {
  return new ApiError('invalid_query', path ? `${path}: ${why}` : why);
}

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}
