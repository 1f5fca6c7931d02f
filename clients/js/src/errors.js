/** Typed errors for failed requests, mirroring src/vinr/errors.py; each carries the error body. */

/**
 * Base class. `status` (HTTP status or null), `body` (the API's JSON error body or null),
 * `headers`, and the `error` fields `type`, `code`, `param`; `message` is the API's message.
 */
export class VinrError extends Error {
  constructor(message, { status = null, body = null, headers = {} } = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.body = body;
    this.headers = headers;
    const error = body?.error ?? {};
    this.type = error.type ?? null;
    this.code = error.code ?? null;
    this.param = error.param ?? null;
  }
}

/** 400, 404 or 409: the request was understood but cannot be carried out. */
export class InvalidRequestError extends VinrError {}
/** 401: the key is missing or wrong (also thrown before sending when no key is set). */
export class AuthenticationError extends VinrError {}
/** 403: the key may not perform this request. */
export class PermissionDeniedError extends VinrError {}
/** 429: too many requests. */
export class RateLimitError extends VinrError {}
/** 5xx or an unexpected reply from the API. */
export class APIError extends VinrError {}
/** The request never got a reply. */
export class APIConnectionError extends VinrError {}

const BY_STATUS = {
  400: InvalidRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: InvalidRequestError,
  409: InvalidRequestError,
  429: RateLimitError,
};

/** The error to throw for an HTTP error reply. */
export function errorFor(status, json, headers = {}) {
  const body = json !== null && typeof json === 'object' && !Array.isArray(json) ? json : null;
  const message = body?.error?.message || `HTTP ${status} with no error message`;
  const ErrorClass = BY_STATUS[status] ?? (status >= 500 ? APIError : VinrError);
  return new ErrorClass(message, { status, body, headers });
}
