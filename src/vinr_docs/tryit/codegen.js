// What the Try-it panel sends, and the same request as code in curl, JavaScript, Python and Ruby.
//
//   const form = { key: "sk_test_…", values: { email: "jenny@example.com", "expand[]": [] } };
//   requestFor(config, route, form)  → {method, path, query, headers, body} for the mock
//   codeFor(language, config, route, form) → source text   (config.languages: curl, node, …)
//
// `route` is one of config.routes (generate.py): its `panel.fields` say where each value goes
// (path, query, header, body) and `panel.sdk` how each SDK names the call. An empty field is
// not sent. The code never contains the key the reader typed: like every sample on the page it
// reads VINR_SECRET_KEY, so a secret typed into the panel is not shown, copied or kept.
// With the documented values the code is the operation's primary sample, byte for byte, and
// tests/tryit/test_codegen.py runs edited requests' code against the Python fake: it must get
// the reply the in-page mock gave.

const KEY_ENV = "VINR_SECRET_KEY";

/** The fields that will be sent, in the spec's order: [field, value] (value: string | string[]). */
export function sentFields(route, values) {
  const sent = [];
  for (const field of route.panel.fields) {
    const value = values[field.name];
    if (field.array) {
      const list = (Array.isArray(value) ? value : []).filter((v) => v !== "");
      if (list.length > 0) sent.push([field, list]);
    } else if (typeof value === "string" && value !== "") {
      sent.push([field, value]);
    }
  }
  return sent;
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (UTF-8). */
export function encode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function pairsOf(sent, where) {
  const pairs = [];
  for (const [field, value] of sent) {
    if (field.in !== where) continue;
    for (const v of field.array ? value : [value]) pairs.push([field.name, v]);
  }
  return pairs;
}

/** Query strings keep `[]` in names readable (as the samples write them); values are encoded. */
function queryString(pairs) {
  return pairs.map(([name, value]) => `${encode(name).replace(/%5B%5D$/, "[]")}=${encode(value)}`)
    .join("&");
}

function formBody(pairs) {
  return new URLSearchParams(pairs).toString();
}

function pathOf(route, sent) {
  const byName = new Map(sent.filter(([f]) => f.in === "path").map(([f, v]) => [f.name, v]));
  return route.path.replace(/\{([^}]*)\}/g, (_, name) => encode(byName.get(name) ?? ""));
}

/** The wire request the panel hands to the mock (and that the code below sends). */
export function requestFor(config, route, { key = "", values = {} } = {}) {
  const sent = sentFields(route, values);
  const headers = {};
  if (key !== "") headers[config.auth.header] = key;
  for (const [name, value] of pairsOf(sent, "header")) headers[name] = value;
  const body = formBody(pairsOf(sent, "body"));
  if (body !== "") headers["Content-Type"] = config.form.contentType;
  return {
    method: route.method,
    path: pathOf(route, sent),
    query: queryString(pairsOf(sent, "query")),
    headers,
    body,
  };
}

/** The call's parts, shared by the three SDKs: positional path values, params, idempotency key. */
function callParts(config, route, values) {
  const sent = sentFields(route, values);
  const positional = route.panel.fields.filter((f) => f.in === "path")
    .map((f) => values[f.name] ?? "");
  const params = sent.filter(([f]) => f.in === "query" || f.in === "body")
    .map(([field, value]) => [field.argument, literalValue(field, value)]);
  const idempotency = sent.find(([f]) => f.in === "header" &&
    f.name.toLowerCase() === config.idempotency.header.toLowerCase());
  return { positional, params, idempotencyKey: idempotency ? idempotency[1] : null };
}

/** Integers the reader typed canonically become numbers; anything else is sent as typed. */
function literalValue(field, value) {
  if (field.array) return value.map((v) => literalValue({ ...field, array: false }, v));
  if (field.type === "integer" && /^-?\d+$/.test(value) && String(Number(value)) === value &&
      Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  return value;
}

export function codeFor(language, config, route, form = {}) {
  const write = WRITERS[language];
  if (!write) throw new Error(`no code writer for ${language}`);
  return write(config, route, { key: form.key ?? "", values: form.values ?? {} });
}

// --- literals, per language --------------------------------------------------------------------

const hex = (code, width) => code.toString(16).padStart(width, "0");

/** A string-literal writer: `text` in `quote`s, the characters of `backslashed` escaped with a
 * backslash, control characters (and U+2028/9) written by `control(code)`. */
function stringLiteral(quote, backslashed, control) {
  const special = /[\\'"#\u0000-\u001f\u007f\u2028\u2029]/g;
  return (text) => `${quote}${text.replace(special, (c) => {
    if (backslashed.includes(c)) return `\\${c}`;
    return /["'#]/.test(c) ? c : control(c.charCodeAt(0));
  })}${quote}`;
}

/** Numbers as numbers, lists in brackets, strings through the language's string literal. */
function valueLiteral(string) {
  const write = (value) => {
    if (Array.isArray(value)) return `[${value.map(write).join(", ")}]`;
    return typeof value === "number" ? String(value) : string(value);
  };
  return write;
}

// --- curl ------------------------------------------------------------------------------------

const SHELL_PLAIN = /^[A-Za-z0-9._~@%+=:,/-]+$/;

function shellQuote(text) {
  return SHELL_PLAIN.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function curlHeader(name, value) {
  const text = `${name}: ${value}`;
  return /^[A-Za-z0-9._~@ :/+=,-]*$/.test(text) ? `-H "${text}"` : `-H ${shellQuote(text)}`;
}

function curlData(name, value) {
  if (/^[A-Za-z0-9._~@-]+$/.test(value)) return `-d ${name}=${value}`;
  if (/^[A-Za-z0-9._~@ -]+$/.test(value)) return `-d ${name}="${value}"`;
  return `--data-urlencode ${shellQuote(`${name}=${value}`)}`;
}

function curl(config, route, form) {
  const request = requestFor(config, route, form);
  const sent = sentFields(route, form.values);
  const url = config.server + request.path + (request.query ? `?${request.query}` : "");
  const target = request.query ? `"${url}"` : shellQuote(url);
  const lines = [route.method === "GET" ? `curl ${target}` : `curl -X ${route.method} ${target}`];
  if (form.key !== "") lines.push(`-H "${config.auth.header}: $${KEY_ENV}"`);
  for (const [name, value] of pairsOf(sent, "header")) lines.push(curlHeader(name, value));
  for (const [name, value] of pairsOf(sent, "body")) lines.push(curlData(name, value));
  return `${lines.join(" \\\n  ")}\n`;
}

// --- JavaScript (@vinr/sdk) ------------------------------------------------------------------

const jsString = stringLiteral("'", "\\'", (code) => `\\u${hex(code, 4)}`);
const jsValue = valueLiteral(jsString);

function node(config, route, form) {
  const { positional, params, idempotencyKey } = callParts(config, route, form.values);
  const { sdk } = route.panel;
  const inline = (pairs) => (pairs.length ? `{ ${pairs.map(([k, v]) => `${k}: ${jsValue(v)}`)
    .join(", ")} }` : "{}");
  const args = positional.map(jsString);
  let source;
  if (idempotencyKey !== null) {
    const all = [...args, inline(params), `{ idempotencyKey: ${jsString(idempotencyKey)} }`];
    source = `(\n${all.map((a) => `  ${a},\n`).join("")})`;
  } else if (params.length) {
    const object = `{\n${params.map(([k, v]) => `  ${k}: ${jsValue(v)},\n`).join("")}}`;
    source = `(${[...args, object].join(", ")})`;
  } else {
    source = `(${args.join(", ")})`;
  }
  const lines = [
    "import { Vinr } from '@vinr/sdk';",
    "",
    `const vinr = new Vinr({ secretKey: process.env.${KEY_ENV} });`,
    "",
    `const ${sdk.result} = await vinr.${sdk.node}${source};`,
  ];
  return withoutKeyNote(form, "//", lines);
}

/** With no key the SDKs refuse to send anything: the code says so (and tests check it does). */
function withoutKeyNote(form, comment, lines) {
  const note = form.key === "" ? [
    `${comment} No API key: the SDK raises an AuthenticationError without sending the request`,
    `${comment} (the API would answer 401). Set ${KEY_ENV} to send it.`,
  ] : [];
  return `${[...note, ...lines].join("\n")}\n`;
}

// --- Python (vinr) ---------------------------------------------------------------------------

const pyString = stringLiteral('"', '\\"',
  (code) => (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`));
const pyValue = valueLiteral(pyString);

/** `f()` and `f("id")` on one line; anything more, one argument a line (as in the samples). */
function call(head, args, positional) {
  if (args.length === 0) return `${head}()`;
  if (args.length === 1 && positional === 1) return `${head}(${args[0]})`;
  return `${head}(\n${args.map((a) => `  ${a},\n`).join("")})`;
}

function python(config, route, form) {
  const { positional, params, idempotencyKey } = callParts(config, route, form.values);
  const { sdk } = route.panel;
  const args = [
    ...positional.map(pyString),
    ...params.map(([k, v]) => `${k}=${pyValue(v)}`),
    ...(idempotencyKey === null ? [] : [`idempotency_key=${pyString(idempotencyKey)}`]),
  ];
  const source = call(`vinr.${sdk.python}`, args, positional.length);
  return withoutKeyNote(form, "#", ["import vinr", "", `${sdk.result} = ${source}`]);
}

// --- Ruby (vinr gem) -------------------------------------------------------------------------

// Single quotes take no escapes but \\ and \' (control characters stay as they are); double
// quotes (for ids, as the samples write them) also escape `#`, which would start `#{…}`.
const rbSingle = stringLiteral("'", "\\'", (code) => String.fromCharCode(code));
const rbDouble = stringLiteral('"', '\\"#', (code) => `\\u{${code.toString(16)}}`);
const rbValue = valueLiteral(rbSingle);

function ruby(config, route, form) {
  const { positional, params, idempotencyKey } = callParts(config, route, form.values);
  const { sdk } = route.panel;
  const head = `Vinr::${sdk.ruby}`;
  const pairs = params.map(([k, v]) => `${k}: ${rbValue(v)}`);
  // With options, both Hashes get braces: `update("id", { … }, { idempotency_key: … })`.
  const args = idempotencyKey === null ? [...positional.map(rbDouble), ...pairs]
    : [...positional.map(rbDouble), pairs.length ? `{ ${pairs.join(", ")} }` : "{}",
      `{ idempotency_key: ${rbSingle(idempotencyKey)} }`];
  const source = idempotencyKey === null ? call(head, args, positional.length)
    : call(head, args, -1);
  return withoutKeyNote(form, "#", [`${sdk.result} = ${source}`]);
}

const WRITERS = { curl, node, python, ruby };
