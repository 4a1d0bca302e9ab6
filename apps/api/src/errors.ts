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
