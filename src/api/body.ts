// Reading account, site, key and share request bodies: a JSON object with typed fields, or a
// 400 invalid_request naming the field.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

export type Body = Record<string, unknown>;

export function bodyOf(request: FastifyRequest): Body {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('body: expected a JSON object (Content-Type: application/json)');
  return body as Body;
}

export function bad(message: string): ApiError {
  return new ApiError('invalid_request', message);
}

export function text(body: Body, name: string, opts: { max?: number; optional?: boolean } = {}): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (opts.optional) return undefined;
    throw bad(`${name}: is required`);
  }
  if (typeof value !== 'string') throw bad(`${name}: expected a string`);
  if (value.length > (opts.max ?? 1000)) throw bad(`${name}: at most ${opts.max ?? 1000} characters`);
  return value;
}

export function requiredText(body: Body, name: string, max?: number): string {
  return text(body, name, max === undefined ? {} : { max })!;
}
