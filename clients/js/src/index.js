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

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

/**
 * The operations table, written from the spec's `x-vinr-sdk` (`node: customers.create`) to
 * clients/operations.json by `python -m vinr_docs.sdk` (and by every verification run). No
 * method of the client is written by hand: each row becomes one method of a namespace class.
 */
const TABLE_URL = new URL('../../operations.json', import.meta.url);
const SPEC_URL = new URL('../../../docs/openapi.yaml', import.meta.url);
const REGENERATE = 'run `python -m vinr_docs.sdk` (any build or `make verify` does it too)';

function loadTable() {
  let table;
  try {
    table = JSON.parse(readFileSync(TABLE_URL, 'utf8'));
  } catch (err) {
    return { operations: [], problem: `the operations table ${fileURLToPath(TABLE_URL)} is unreadable (${err.message}): ${REGENERATE}` };
  }
  let current = table.spec_sha256;
  try {
    current = createHash('sha256').update(readFileSync(SPEC_URL)).digest('hex');
  } catch { /* a client installed without the docs: trust the table */ }
  if (current !== table.spec_sha256) {
    return { operations: [], problem: `the operations table ${fileURLToPath(TABLE_URL)} was made from another openapi.yaml: ${REGENERATE}` };
  }
  return { operations: table.operations, problem: null };
}

const TABLE = loadTable();

/** One method for a table row: `(...pathArgs, params = {}, { idempotencyKey } = {})`. */
function operation(row) {
  const names = row.path_params;
  return function call(...args) {
    if (args.length < names.length) {
      throw new TypeError(
        `vinr.${row.node}() takes ${names.join(', ')} first (${row.method} ${row.path}), then the parameters; `
        + `it was given ${args.length} argument(s)`,
      );
    }
    let path = row.path;
    names.forEach((name, i) => { path = path.replace(`{${name}}`, encodeURIComponent(String(args[i]))); });
    const [params = {}, { idempotencyKey } = {}] = args.slice(names.length);
    return this.client.request(row.method, path, params, idempotencyKey);
  };
}

/** A property the client lacks: say which `x-vinr-sdk` would add it (not "undefined"). */
const QUIET = new Set(['then', 'toJSON', 'constructor', 'inspect', 'nodeType', 'asymmetricMatch', '$$typeof']);
function guarded(target, label) {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key !== 'string' || key in object || QUIET.has(key)) return Reflect.get(object, key, receiver);
      const known = Object.keys(object).filter((k) => k !== 'client' && typeof object[k] === 'object')
        .concat(object.constructor.operations ?? []);
      throw new TypeError(
        `${label}.${key} does not exist: ${TABLE.problem ?? `no operation of docs/openapi.yaml has \`x-vinr-sdk: {node: ${label.replace(/^vinr\.?/, '')}${label === 'vinr' ? '' : '.'}${key}…}\`; add it to the operation's x-vinr-sdk`} (known: ${known.join(', ') || 'none'})`,
      );
    },
  });
}

/** Namespace classes by dotted name (`customers`, `customers.paymentMethods`). */
function namespaces(operations) {
  const classes = {};
  const ensure = (name) => {
    if (!classes[name]) {
      classes[name] = class {
        constructor(client) {
          this.client = client;
          for (const [child, Child] of Object.entries(classes)) {
            if (child.startsWith(`${name}.`) && !child.slice(name.length + 1).includes('.')) {
              this[child.slice(name.length + 1)] = guarded(new Child(client), `vinr.${child}`);
            }
          }
        }
      };
      Object.defineProperty(classes[name], 'name', { value: name });
      classes[name].resource = name; // the recorder's label: `customers.create`
      classes[name].operations = [];
    }
    return classes[name];
  };
  for (const row of operations) {
    const parts = row.node.split('.');
    const method = parts.pop();
    parts.forEach((_, i) => ensure(parts.slice(0, i + 1).join('.')));
    const Namespace = ensure(parts.join('.'));
    Namespace.prototype[method] = operation(row);
    Namespace.operations.push(method);
  }
  return classes;
}

export class Vinr {
  /** Namespace classes by dotted name, from the table; the recorder wraps their `operations`. */
  static resources = namespaces(TABLE.operations);

  constructor({ secretKey, apiBase } = {}) {
    this.secretKey = secretKey ?? process.env.VINR_SECRET_KEY;
    this.apiBase = (apiBase ?? process.env.VINR_API_BASE ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    for (const [name, Resource] of Object.entries(Vinr.resources)) {
      if (!name.includes('.')) this[name] = guarded(new Resource(this), `vinr.${name}`);
    }
    return guarded(this, 'vinr');
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
