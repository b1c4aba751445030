// One error shape for every API answer: {"error": {"code", "message"}} (sent by src/errors.ts). Internals go to the log only.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';
import { ApiError, sendError } from '../errors.ts';

/** Maps Fastify's own errors to ours; anything unexpected becomes a generic 500 with its cause logged. */
export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    // Our own errors carry a status and a message written to be shown.
    if (error instanceof ApiError) return sendError(reply, error.status, error.code, error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 400, 'body_too_large', 'The body is larger than the limit.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, 'unsupported_media_type', 'Unsupported content type.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 400, 'invalid_json', 'The body must be valid JSON.');
    }
    if (error.validation) return sendError(reply, 400, 'invalid_request', error.message);
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, 'bad_request', 'The request could not be understood.');
    }
    // Only the error's name and code: messages can quote request data.
    log.error('unhandled error', { name: error.name, code: String(error.code ?? '') });
    return sendError(reply, 500, 'internal', 'Internal error.');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'Not found.'));
}
