// The VINR API, in the page: the Python fake's behaviour (src/vinr_docs/fake/) for "Try it".
//
//   const mock = createMock(config);          // config.json from vinr_docs.tryit.generate
//   mock.request({method, path, query, headers, body}) → {status, headers, body, ...}
//   mock.reset();                             // back to the fixture state
//   createMock(config, { state: config.states[key] })   // a page's own fixture state
//
// Every rule the spec states comes from `config` (routes, parameters, the `x-vinr-errors`
// catalogue, `x-vinr-invalid` messages, schemas precompiled into ./validators.js, the key, the
// fixture), and so does what each operation does: `config.plan`, the steps compiled from the
// spec's `x-vinr-behaviour` (src/vinr_docs/fake/plan.py), run below exactly as the Python fake's
// handlers.py runs them. There is no code for any one operation here; tests/tryit proves both
// mocks answer alike.
// Browser-safe: no Node APIs, no eval, no network; state lives as long as the mock object.
import * as custom from "./custom.js";
import * as validators from "./validators.js";

/** An error reply with a documented body (the fake's ApiError). */
class ApiError extends Error {
  constructor(status, body) {
    super(body.error.message);
    this.status = status;
    this.body = body;
  }
}

export function createMock(config, { clock = () => Date.now() / 1000, state = config.state } = {}) {
  if (validators.schemaDigest !== config.schemaDigest) {
    throw new Error("validators.js was built from another config.json: run " +
      "`python -m vinr_docs.tryit.generate` again");
  }
  for (const route of config.routes) { // what the plan asks for, this mock must be able to do
    const plan = config.plan.operations[route.operationId];
    const step = plan?.steps.find((s) => !(s.op in STEPS) ||
      (s.op === "custom" && typeof custom[s.name] !== "function"));
    if (!plan || step) {
      throw new Error(`${plan?.source ?? config.source}: the in-page mock cannot serve ` +
        `${route.operationId}: ${plan ? `no step ${step.op === "custom" ? `custom.${step.name}`
          : step.op} in mock.js/custom.js` : "it is not in the plan"}`);
    }
  }
  const api = { config, clock, routes: orderRoutes(config.routes) };
  let session = newSession(state);
  return {
    request: (request) => handle(api, session, request),
    reset: () => { session = newSession(state); },
    events: () => structuredClone(session.events),
  };
}

/** What the API would say of one field's value, on its own: the documented `parameter_invalid`
 * message, or null when the value passes (the panel shows it next to the field as you type). */
export function fieldProblem(config, route, name, value) {
  const found = route.parameters.find((p) => p.name === name) ??
    (route.body?.properties ?? []).find((p) => p.name === name);
  if (!found) throw new Error(`${route.operationId} has no parameter ${name}`);
  if (typedValue(found, value) !== INVALID) return null;
  return apiError(config, "parameter_invalid", name, found.invalidMessage ?? null).message;
}

// --- the session: store, idempotency keys, events (app.Session + state.State) ---------------

function newSession(fixture) {
  const state = structuredClone(fixture);
  return {
    collections: new Map(Object.entries(state.collections)
      .map(([name, items]) => [name, new Map(items.map((item) => [item.id, item]))])),
    nextIds: state.next_ids,
    now: state.now,
    issued: { ...state.issued },
    idempotency: new Map(),
    events: [],
  };
}

function newId(session, prefix) {
  const index = session.nextIds.findIndex((id) => id.startsWith(prefix));
  if (index >= 0) return session.nextIds.splice(index, 1)[0];
  session.issued[prefix] = (session.issued[prefix] ?? 0) + 1;
  return prefix + String(session.issued[prefix]).padStart(4, "0");
}

function tick(session) {
  session.now += 1;
  return session.now - 1;
}

// --- one request: route → key → form → unknown → parameters → body → replay → handler -------

function handle(api, session, request) {
  const raw = wire(request);
  const sent = raw.method.toUpperCase();
  if (sent === "HEAD") raw.method = "GET"; // answered as GET; the HTTP layer drops the body
  if (raw.size > api.config.maxBody) { // refused unread, before routing (fake/server.py)
    const error = apiError(api.config, "request_too_large");
    return reply(error.status, error.body, {}, null, []);
  }
  const found = route(api.routes, raw);
  if (!found) {
    const allowed = allowedMethods(api.routes, raw.path);
    if (allowed.length > 0) { // the URL exists, the method does not (RFC 9110 15.5.6)
      const error = apiError(api.config, "method_not_allowed", null, null, { method: sent });
      return reply(error.status, error.body, { Allow: allowed.join(", ") }, null, []);
    }
    const body = fill(api.config.unknownRoute, { "{method}": raw.method, "{path}": raw.path });
    return reply(404, body, {}, null, [problem("route_unknown",
      `no operation in ${api.config.source} serves ${raw.method} ${raw.path}`)]);
  }
  const { operation, pathValues } = found;
  let status, body;
  const headers = {};
  try {
    [status, body] = answer(api, session, operation, pathValues, raw, headers);
  } catch (error) {
    if (!(error instanceof ApiError)) {
      return reply(500, internalError(), {}, operation.operationId,
        [problem("fake_bug", `the mock crashed handling this request: ${error.stack}`)]);
    }
    [status, body] = [error.status, error.body];
  }
  return reply(status, body, headers, operation.operationId,
    checkResponse(operation, status, body));
}

function answer(api, session, operation, pathValues, raw, headers) {
  const values = checkRequest(api.config, operation, pathValues, raw);
  const { idempotency } = api.config;
  const key = operation.idempotent ? header(raw.headers, idempotency.header) : undefined;
  const print = fingerprint(operation.operationId, raw);
  const stored = key === undefined ? undefined : session.idempotency.get(key);
  if (stored && api.clock() - stored.at < idempotency.windowSeconds) {
    if (stored.fingerprint !== print) {
      throw apiError(api.config, "idempotency_key_in_use", idempotency.header, null, { key });
    }
    headers[idempotency.replayedHeader] = "true";
    return [stored.status, structuredClone(stored.body)];
  }
  const ctx = { config: api.config, operation, session, events: [], bound: {}, resourceOf: {},
    at: null, previous: {}, reply: null };
  let result;
  try {
    result = run(ctx, values);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    result = [error.status, error.body];
  }
  session.events.push(...ctx.events);
  if (key !== undefined) {
    session.idempotency.set(key, { fingerprint: print, status: result[0],
      body: structuredClone(result[1]), at: api.clock() });
  }
  return result;
}

/** The request as the fake sees it: method, path, raw query and body strings, headers. A body
 * may arrive as bytes (an HTTP server's): bytes that are not UTF-8 make the request malformed. */
function wire({ method = "GET", path = "/", query = "", headers = {}, body = "" }) {
  let text = body;
  let malformed = false;
  let size;
  if (body instanceof Uint8Array) {
    malformed = !utf8(body);
    text = new TextDecoder().decode(body);
    size = body.length;
  }
  const encoded = typeof text === "string" ? text : new URLSearchParams(text).toString();
  return {
    method: String(method),
    path: String(path),
    query: typeof query === "string" ? query : new URLSearchParams(query).toString(),
    headers: { ...headers },
    body: encoded,
    malformed,
    size: size ?? new TextEncoder().encode(encoded).length,
  };
}

function utf8(bytes) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** rules.ApiRules._pairs: each run of %XX escapes must be UTF-8 (`%E9` alone is not). */
function escapesAreUtf8(text) {
  return (text.match(/(?:%[0-9A-Fa-f]{2})+/g) ?? []).every((run) =>
    utf8(Uint8Array.from(run.slice(1).split("%"), (hex) => parseInt(hex, 16))));
}

function reply(status, body, headers, operationId, problems) {
  return {
    status,
    headers: { "Content-Type": "application/json", ...headers },
    body,
    operationId,
    problems,
  };
}

const problem = (kind, message) => ({ kind, message });

function internalError() {
  return { error: { type: "api_error", code: "internal_error", param: null,
    message: "The in-page mock failed on this request." } };
}

// --- routing ---------------------------------------------------------------------------------

/** Literal paths before templated ones, then the longest literal text: the most specific wins. */
function orderRoutes(routes) {
  const literal = (path) => path.replace(/\{[^}]*\}/g, "").length;
  const params = (path) => (path.match(/\{[^}]*\}/g) ?? []).length;
  return routes
    .map((operation) => ({ operation, ...pattern(operation.path) }))
    .sort((a, b) => params(a.operation.path) - params(b.operation.path) ||
      literal(b.operation.path) - literal(a.operation.path));
}

function pattern(path) {
  const names = [];
  const source = path.split(/(\{[^}]*\})/).map((part) => {
    if (/^\{.*\}$/.test(part)) {
      names.push(part.slice(1, -1));
      return "([^/]*)";
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("");
  return { regex: new RegExp(`^${source}$`), names };
}

// The methods an `Allow` header lists, in rules.HTTP_METHODS' order (HEAD wherever GET is).
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function allowedMethods(routes, path) {
  const methods = HTTP_METHODS.filter((method) => route(routes, { method, path }));
  return methods.includes("GET") ? [...methods, "HEAD"] : methods;
}

function route(routes, raw) {
  // As rules.ApiRules._find: a path with an empty segment (`/v1/customers//payment_methods`)
  // is no URL of the API, whatever the route patterns would match.
  if (raw.path.includes("//") || !raw.path.startsWith("/")) return null;
  const method = raw.method.toUpperCase();
  for (const { operation, regex, names } of routes) {
    const match = regex.exec(raw.path);
    if (match && operation.method === method) {
      const values = names.map((n, i) => [n, percentDecoded(match[i + 1])]);
      return { operation, pathValues: Object.fromEntries(values) };
    }
  }
  return null;
}

/** urllib.parse.unquote: each run of %XX escapes is UTF-8 (invalid bytes become U+FFFD);
 * a `%` not followed by two hex digits stays as it is. */
function percentDecoded(text) {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => new TextDecoder().decode(
    Uint8Array.from(run.slice(1).split("%"), (hex) => parseInt(hex, 16))));
}

// --- validation (rules.ApiRules.check_request) ----------------------------------------------

function checkRequest(config, operation, pathValues, raw) {
  const key = header(raw.headers, config.auth.header);
  if (!key || key !== config.auth.placeholderKey) throw apiError(config, "api_key_invalid");
  const isForm = formEncoded(config, header(raw.headers, "Content-Type") ?? "");
  if (raw.body && !isForm) {
    if (operation.body) throw apiError(config, "content_type_unsupported");
    throw apiError(config, "parameter_invalid", null, config.form.message);
  }
  if (!escapesAreUtf8(raw.query) || (raw.body && (raw.malformed || !escapesAreUtf8(raw.body)))) {
    throw apiError(config, "request_malformed");
  }
  const query = pairs(raw.query);
  const form = raw.body && isForm ? pairs(raw.body) : [];
  rejectUnknown(config, operation, query, form);
  checkLiterals(config, operation, [...query, ...form]);
  const values = { ...pathValues };
  for (const parameter of operation.parameters) {
    const value = parameterValue(config, operation, parameter, pathValues, query, raw.headers);
    if (value !== undefined && parameter.in !== "header") values[parameter.name] = value;
  }
  return Object.assign(values, checkBody(config, operation, raw.body, form));
}

function rejectUnknown(config, operation, query, form) {
  const queryNames = new Set(operation.parameters.filter((p) => p.in === "query")
    .map((p) => p.name));
  const bodyNames = new Set((operation.body?.properties ?? []).map((p) => p.name));
  const arrays = new Set(operation.parameters.filter((p) => p.cast.array).map((p) => p.name));
  for (const [sent, known] of [[query, queryNames], [form, bodyNames]]) {
    for (const [name] of sent) {
      if (!known.has(name)) throw apiError(config, "parameter_unknown", name);
    }
    const names = sent.map(([name]) => name);
    for (const name of names) {
      if (names.indexOf(name) !== names.lastIndexOf(name) && !arrays.has(name)) {
        throw apiError(config, "parameter_invalid", name, config.form.repeated);
      }
    }
  }
}

/** `application/x-www-form-urlencoded`, optionally `; charset=utf-8` (rules._is_form). */
function formEncoded(config, contentType) {
  const [media, ...params] = contentType.toLowerCase().split(";").map((part) => part.trim());
  const charsets = params.filter((p) => p.startsWith("charset="))
    .map((p) => p.slice(8).replace(/^"|"$/g, ""));
  return media === config.form.contentType && charsets.every((c) => c === "utf-8" || c === "utf8");
}

/** Integers are plain ASCII decimals (rules._check_literals), checked before anything else. */
function checkLiterals(config, operation, sent) {
  const types = new Map([...operation.parameters, ...(operation.body?.properties ?? [])]
    .map((p) => [p.name, p.cast.type]));
  for (const [name, value] of sent) {
    if (types.get(name) === "integer" && !INTEGER.test(value)) {
      throw invalid(config, operation, name);
    }
  }
}

function parameterValue(config, operation, parameter, pathValues, query, headers) {
  const { name } = parameter;
  let raw;
  if (parameter.in === "path") raw = pathValues[name];
  else if (parameter.in === "header") raw = header(headers, name);
  else {
    const sent = query.filter(([n]) => n === name).map(([, v]) => v);
    raw = sent.length === 0 ? undefined : parameter.cast.array ? sent : sent[0];
    // OpenAPI: an empty query value is refused unless the parameter allows it.
    if (sent.length > 0 && sent[0] === "" && !parameter.allowEmptyValue) {
      throw invalid(config, operation, name);
    }
  }
  if (raw === undefined) {
    if (parameter.required) throw apiError(config, "parameter_missing", name);
    return undefined;
  }
  const value = typedValue(parameter, raw);
  if (value === INVALID) throw invalid(config, operation, name);
  return value;
}

/** Text off the wire read as the parameter's (or property's) type and checked against its
 * schema: the value, or INVALID. */
function typedValue({ cast: how, schema }, raw) {
  const value = Array.isArray(raw) ? raw.map((v) => cast(v, how.type)) : cast(raw, how.type);
  const castFailed = Array.isArray(value) ? value.includes(INVALID) : value === INVALID;
  return castFailed || !validators[schema](value) ? INVALID : value;
}

function checkBody(config, operation, text, form) {
  const spec = operation.body;
  if (!spec) return {};
  if (!text) {
    if (spec.required) throw apiError(config, "parameter_missing", spec.requiredFields[0] ?? null);
    return {};
  }
  const body = {};
  for (const [name, value] of form) {
    if (!(name in body)) body[name] = value; // the first value of a repeated field wins
  }
  for (const { name, cast: how } of spec.properties) {
    if (name in body) body[name] = cast(body[name], how.type);
  }
  const validate = validators[spec.schema];
  if (validate(body)) return body;
  const absent = spec.requiredFields.find((name) => !(name in body));
  if (absent !== undefined) throw apiError(config, "parameter_missing", absent);
  const wrong = new Set(validate.errors.map((e) => e.instancePath.split("/")[1]));
  const first = spec.properties.find(({ name }) => wrong.has(name));
  if (first) throw invalid(config, operation, first.name);
  throw apiError(config, "parameter_invalid", null, "The request is invalid.");
}

// Query and form values arrive as text; the schema's type says what to read them as. Integers
// are read as Python's int() reads them (the fake casts with it): spaces around, a sign,
// Unicode digits, single underscores between digits.
const INVALID = Symbol("invalid");
const PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
  "\\u202f\\u205f\\u3000]*";
const PY_INT = new RegExp(`^${PY_SPACE}([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)${PY_SPACE}$`, "u");
const PY_MAX_DIGITS = 4300;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

function cast(text, type) {
  if (type !== "integer") return text;
  const match = PY_INT.exec(text);
  if (!match) return INVALID;
  const digits = [...match[2].replaceAll("_", "")];
  if (digits.length > PY_MAX_DIGITS) return INVALID;
  const number = digits.reduce((n, d) => n * 10 + digitValue(d), 0);
  return match[1] === "-" ? -number : number;
}

/** A decimal digit's value: its distance from the start of its run of digits, modulo 10. */
function digitValue(char) {
  let code = char.codePointAt(0);
  let distance = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    distance += 1;
  }
  return distance % 10;
}

function checkResponse(operation, status, body) {
  const key = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`]
    ?? operation.responses.default;
  if (key === undefined && !(String(status) in operation.responses)) {
    return [problem("fake_bug", `status ${status} is not documented for ` +
      operation.operationId)];
  }
  const validate = key && validators[key];
  if (!validate || validate(body)) return [];
  return [problem("fake_bug", `the mock's ${status} reply to ${operation.operationId} breaks ` +
    `the spec: ${validate.errors.map((e) => `${e.instancePath || "(body)"} ${e.message}`)
      .join("; ")}`)];
}

// --- errors (ApiRules.error / ApiRules.invalid) ----------------------------------------------

function apiError(config, code, param = null, message = null, values = {}) {
  const entry = config.errors[code];
  const text = format(message ?? entry.message, { param, ...values });
  return new ApiError(Number(entry.status), { error: { type: entry.type, code, param,
    message: text } });
}

function invalid(config, operation, name) {
  const lower = name.toLowerCase();
  const found = operation.parameters.find((p) => p.name.toLowerCase() === lower) ??
    (operation.body?.properties ?? []).find((p) => p.name === name);
  return apiError(config, "parameter_invalid", name, found?.invalidMessage ?? null);
}

/** Python's str.format for `{name}` fields (None prints as "None", as in the fake). */
function format(template, values) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (all, name) => {
    if (name === undefined) return all[0];
    const value = values[name];
    return value === null || value === undefined ? "None" : String(value);
  });
}

function fill(value, replacements) {
  if (typeof value === "string") {
    return Object.entries(replacements).reduce((s, [k, v]) => s.split(k).join(v), value);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, replacements));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, replacements)]));
  }
  return value;
}

// --- wire helpers ----------------------------------------------------------------------------

/** Python's parse_qsl(text, keep_blank_values=True): a leading "?" is part of the first name. */
function pairs(text) {
  return [...new URLSearchParams(`&${text}`)];
}

function header(headers, name) {
  const lower = name.toLowerCase();
  const found = Object.keys(headers).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : String(headers[found]);
}

/** app._fingerprint: same operation, path, query and body (blank values dropped, as parse_qs). */
function fingerprint(operationId, raw) {
  const grouped = (text) => {
    const groups = new Map();
    for (const [name, value] of pairs(text)) {
      if (value === "") continue;
      groups.set(name, [...(groups.get(name) ?? []), value]);
    }
    return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return JSON.stringify([operationId, raw.path, grouped(raw.query), grouped(raw.body)]);
}

// --- the plan's steps (fake/handlers.py, step for step) -------------------------------------

function collection(ctx, resource) {
  const name = ctx.config.plan.resources[resource].collection;
  if (!ctx.session.collections.has(name)) ctx.session.collections.set(name, new Map());
  return ctx.session.collections.get(name);
}

function valueOf(ctx, ref, values) {
  if ("const" in ref) return ref.const;
  if ("param" in ref) return values[ref.param] ?? null;
  return ctx.bound[ref.var][ref.field] ?? null;
}

function render(ctx, resource, object, expand = []) {
  const rendered = structuredClone(object);
  const references = resource ? ctx.config.plan.resources[resource].references : {};
  for (const name of new Set(expand ?? [])) { // `expand[]=x&expand[]=x` expands x once
    if (rendered[name] !== null && rendered[name] !== undefined) {
      rendered[name] = structuredClone(collection(ctx, references[name]).get(rendered[name]));
    }
  }
  return rendered;
}

function bind(ctx, name, object, resource) {
  ctx.bound[name] = object;
  ctx.resourceOf[name] = resource;
}

const equal = (a, b) => a === b || (a ?? null) === (b ?? null);

function holds(ctx, when, values) {
  if ("exists" in when) {
    const where = Object.entries(when.where).map(([f, v]) => [f, valueOf(ctx, v, values)]);
    return [...collection(ctx, when.exists).values()]
      .some((item) => where.every(([f, v]) => equal(item[f], v)));
  }
  const actual = valueOf(ctx, when.field, values);
  if ("in" in when) return when.in.some((v) => equal(valueOf(ctx, v, values), actual));
  return !when.not_in.some((v) => equal(valueOf(ctx, v, values), actual));
}

const STEPS = {
  find(ctx, step, values) {
    const key = valueOf(ctx, step.id, values);
    const found = collection(ctx, step.resource).get(key);
    if (!found) {
      throw apiError(ctx.config, step.missing, step.id.param ?? null, null,
        { id: key, resource: step.resource });
    }
    bind(ctx, step.as, found, step.resource);
  },
  check_refs(ctx, step, values) {
    for (const [name, target] of Object.entries(step.fields)) {
      const sent = values[name];
      if (sent !== undefined && sent !== null && !collection(ctx, target).has(sent)) {
        throw apiError(ctx.config, step.missing, name, null, { id: sent, resource: target });
      }
    }
  },
  refuse(ctx, step, values) {
    if (holds(ctx, step.when, values)) {
      const filled = Object.fromEntries(Object.entries(step.values)
        .map(([k, v]) => [k, valueOf(ctx, v, values)]));
      throw apiError(ctx.config, step.error, null, null, filled);
    }
  },
  insert(ctx, step, values) {
    const resource = ctx.config.plan.resources[step.resource];
    const object = Object.fromEntries(resource.fields.map((name) =>
      [name, step.from.includes(name) ? values[name] ?? null : null]));
    object.id = newId(ctx.session, resource.prefix);
    if ("created" in object) object.created = ctx.at = tick(ctx.session);
    collection(ctx, step.resource).set(object.id, object);
    bind(ctx, step.as, object, step.resource);
  },
  update(ctx, step, values) {
    const object = ctx.bound[step.var];
    const changes = Object.entries(values)
      .filter(([k]) => step.fields.includes(k) && k in object);
    ctx.previous = Object.fromEntries(changes.filter(([k, v]) => object[k] !== v)
      .map(([k]) => [k, object[k]]));
    Object.assign(object, Object.fromEntries(changes)); // only the fields sent change
    ctx.at = tick(ctx.session);
  },
  remove(ctx, step) {
    const object = ctx.bound[step.var];
    collection(ctx, ctx.resourceOf[step.var]).delete(object.id);
    bind(ctx, step.as, { id: object.id, deleted: true }, null);
    ctx.at = tick(ctx.session);
  },
  set(ctx, step, values) {
    ctx.bound[step.var][step.field] = valueOf(ctx, step.value, values);
    ctx.at = tick(ctx.session);
  },
  clear_refs(ctx, step) { // references to the object from other objects become null
    const resource = ctx.resourceOf[step.var];
    const target = ctx.bound[step.var].id;
    for (const [name, declared] of Object.entries(ctx.config.plan.resources)) {
      for (const [field, pointsTo] of Object.entries(declared.references)) {
        if (pointsTo !== resource || name === resource) continue;
        for (const item of collection(ctx, name).values()) {
          if (item[field] === target) item[field] = null;
        }
      }
    }
  },
  emit(ctx, step) {
    const at = ctx.at ?? tick(ctx.session);
    const data = { object: render(ctx, ctx.resourceOf[step.object], ctx.bound[step.object]) };
    if (step.previous) data.previous_attributes = { ...ctx.previous };
    const id = newId(ctx.session, ctx.config.plan.events.prefix);
    ctx.events.push({ type: step.type, operation: ctx.operation.operationId,
      payload: structuredClone({ id, type: step.type, created: at, data }) });
  },
  reply(ctx, step, values) {
    const expand = step.expand ? values[step.expand] : undefined;
    ctx.reply = [200, render(ctx, ctx.resourceOf[step.object], ctx.bound[step.object], expand)];
  },
  /** Ordered by the resource's `order`; cursors are ids; has_more looks ahead. */
  page(ctx, step, values) {
    const after = values[step.after];
    const before = values[step.before];
    if (after && before) {
      throw apiError(ctx.config, "parameter_invalid", null, step.combined_message);
    }
    let items = collection(ctx, step.resource);
    if (step.scope !== null) {
      const wanted = valueOf(ctx, step.scope.value, values);
      items = new Map([...items].filter(([, v]) => equal(v[step.scope.field], wanted)));
    }
    for (const [name, cursor] of [[step.after, after], [step.before, before]]) {
      if (cursor && !items.has(cursor)) { // no such object (or none in the list's scope)
        throw apiError(ctx.config, step.missing, name, null,
          { id: cursor, resource: step.resource });
      }
    }
    const compare = (a, b) => {
      for (const key of step.order) {
        if (a[key] < b[key]) return -1;
        if (a[key] > b[key]) return 1;
      }
      return 0;
    };
    let ids = [...items.values()].sort(compare).map((o) => o.id);
    if (after) ids = ids.slice(ids.indexOf(after) + 1);
    else if (before) ids = ids.slice(0, ids.indexOf(before));
    for (const filter of step.filters) {
      const wanted = values[filter.param];
      if (wanted) ids = ids.filter((id) => matches(items.get(id)[filter.field], wanted, filter.match));
    }
    const limit = values[step.limit] || step.default_limit;
    const page = before ? ids.slice(Math.max(ids.length - limit, 0)) : ids.slice(0, limit);
    ctx.reply = [200, { object: "list",
      data: page.map((id) => render(ctx, step.resource, items.get(id))),
      has_more: ids.length > limit }];
  },
  custom(ctx, step, values) {
    ctx.reply = custom[step.name](ctx, values);
  },
};

function matches(actual, wanted, match) {
  if (match === "case_insensitive") return (actual ?? "").toLowerCase() === wanted.toLowerCase();
  return actual === wanted;
}

/** Run the operation's steps; the last `reply` (or `page`) is the answer. */
function run(ctx, values) {
  for (const step of ctx.config.plan.operations[ctx.operation.operationId].steps) {
    STEPS[step.op](ctx, step, values);
  }
  return ctx.reply;
}
