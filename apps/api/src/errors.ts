import type { ApiError, ErrorCode, FieldError } from '@todo/contracts';

/** An error with a status and a message meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export const invalidField = (path: string, message: string) =>
  new HttpError(400, 'validation_failed', `${path} ${message}`, [{ path, message }]);

export function errorBody(code: ErrorCode, message: string, fields?: FieldError[]): ApiError {
  return { error: fields ? { code, message, fields } : { code, message } };
}

export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'validation_failed';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

// PostgreSQL's classes 08 (connection exception) and 57P (operator intervention: shutdown,
// crash, starting up), and the socket errors of a server that is not there.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|not queryable|terminating connection|the database system is|Client was closed/i;

/** Connection-level database failures (server down, restarting, pool exhausted), along `cause`. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

export const databaseUnavailable = () =>
  new HttpError(503, 'service_unavailable', 'The database is not answering; try again shortly');
