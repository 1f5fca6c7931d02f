/**
 * Reference JavaScript client for the VINR API, as used by the docs' node.js samples.
 *
 *   import { Vinr } from '@vinr/sdk';
 *   const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });
 *   const customer = await vinr.customers.create({ email: 'jenny@example.com' });
 *
 * Same wire format and error semantics as the Python client (src/vinr/): bodies and GET/DELETE
 * queries are form-encoded (arrays as `key[]`, objects as `key[sub]`), the key goes in
 * `X-Api-Key`, and a 4xx/5xx reply throws a typed VinrError carrying the API's error body.
 * Results are the decoded JSON, untouched, so `JSON.stringify(result)` is what the API sent.
 */

import {
  APIConnectionError, APIError, AuthenticationError, errorFor,
} from './errors.js';

export * from './errors.js';

export const DEFAULT_API_BASE = 'https://api.vinr.com';

/** Form-encode like the Python client (`vinr._http.encode`): a list of [name, value] pairs. */
export function encode(params, prefix = '') {
  const pairs = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue; // JS's "not given"; null is sent as '' (clears a field)
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value)) {
      for (const item of value) pairs.push([`${name}[]`, scalar(item)]);
    } else if (value !== null && typeof value === 'object') {
      pairs.push(...encode(value, name));
    } else {
      pairs.push([name, scalar(value)]);
    }
  }
  return pairs;
}

function scalar(value) {
  return value === null || value === undefined ? '' : String(value); // true → 'true'
}

/** `/v1/customers`: create, retrieve, update, delete, list. */
export class Customers {
  /** Used by the result recorder: the name in `customers.create`, and what it may wrap. */
  static resource = 'customers';
  static operations = ['create', 'retrieve', 'update', 'delete', 'list'];
  static path = '/v1/customers';

  constructor(client) {
    this.client = client;
  }

  /** `POST /v1/customers`: `email` (required), `name`, `phone`. */
  create(params, { idempotencyKey } = {}) {
    return this.client.request('POST', Customers.path, params, idempotencyKey);
  }

  /** `GET /v1/customers/{id}`; `{ expand: ['default_payment_method'] }` embeds that object. */
  retrieve(id, params = {}) {
    return this.client.request('GET', itemPath(id), params);
  }

  /** `POST /v1/customers/{id}`: only the fields you pass change. */
  update(id, params, { idempotencyKey } = {}) {
    return this.client.request('POST', itemPath(id), params, idempotencyKey);
  }

  /** `DELETE /v1/customers/{id}`; resolves to `{ id, deleted: true }`. */
  delete(id) {
    return this.client.request('DELETE', itemPath(id));
  }

  /** `GET /v1/customers`: resolves to the list envelope `{ object: 'list', data, has_more }`. */
  list(params = {}) {
    return this.client.request('GET', Customers.path, params);
  }
}

function itemPath(id) {
  return `${Customers.path}/${encodeURIComponent(String(id))}`;
}

export class Vinr {
  /** Resource classes by property name; the recorder wraps their `operations`. */
  static resources = { customers: Customers };

  constructor({ secretKey, apiBase } = {}) {
    this.secretKey = secretKey ?? process.env.VINR_SECRET_KEY;
    this.apiBase = (apiBase ?? process.env.VINR_API_BASE ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    for (const [name, Resource] of Object.entries(Vinr.resources)) this[name] = new Resource(this);
  }

  /** Send one request; resolve to the decoded JSON body or throw a VinrError. */
  async request(method, path, params = {}, idempotencyKey = undefined) {
    if (!this.secretKey) {
      throw new AuthenticationError(
        'No API key provided: pass new Vinr({ secretKey }) or set the VINR_SECRET_KEY environment variable.',
      );
    }
    const headers = { 'X-Api-Key': this.secretKey, Accept: 'application/json' };
    if (idempotencyKey !== undefined && idempotencyKey !== null) {
      headers['Idempotency-Key'] = String(idempotencyKey);
    }
    const pairs = encode(params);
    const url = new URL(this.apiBase + path);
    let body;
    if (method === 'GET' || method === 'DELETE') {
      for (const [name, value] of pairs) url.searchParams.append(name, value);
    } else if (pairs.length) {
      body = new URLSearchParams(pairs).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    let response;
    let text;
    try {
      response = await fetch(url, { method, headers, body });
      text = await response.text();
    } catch (err) {
      throw new APIConnectionError(`Could not reach the VINR API: ${err.cause?.message ?? err.message}`);
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new APIError(`Invalid JSON from the API (HTTP ${response.status}): ${text.slice(0, 200)}`, {
        status: response.status, headers: Object.fromEntries(response.headers),
      });
    }
    if (response.status >= 400) throw errorFor(response.status, json, Object.fromEntries(response.headers));
    return json;
  }
}

export default Vinr;
