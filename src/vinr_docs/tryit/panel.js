// The "Try it" panel: a form per operation, built from the spec (config.routes[].panel), that
// sends to the in-page mock and shows the reply, with the same request as code in the reader's
// language.
//
//   mountPanel(container, { config, mock })   container: .vinr-tryit[data-operation]
//
// Safe by construction: every value reaches the page as text (textContent, never innerHTML), no
// eval, nothing leaves the page (the mock answers in memory), and nothing is stored: the key the
// reader types lives in the form only, and the code reads VINR_SECRET_KEY instead.
import { codeFor, requestFor } from "./codegen.js";
import { fieldProblem } from "./mock.js";

const REASONS = {
  200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 409: "Conflict",
  500: "Internal Server Error",
};

/** One element: attributes (null/false skipped) and children (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === false || value === undefined) continue;
    if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return element;
}

/** Spec descriptions use `code`: backticks become <code>, the rest stays text. */
function prose(text) {
  return text.split(/(`[^`]*`)/).filter(Boolean).map((part) =>
    (part.startsWith("`") && part.endsWith("`") && part.length > 1
      ? h("code", {}, part.slice(1, -1)) : part));
}

const sentence = (text) => `${text[0].toUpperCase()}${text.slice(1)}.`;

let panels = 0;

// Ids the mock created in this page session, by prefix (`cust_`): a later panel's field whose
// documented example has that prefix starts from the newest one (retrieve what you just created).
const created = new Map();
const CREATED_EVENT = "vinr-tryit:created";
const prefixOf = (value) => (/^([a-z]+_)[A-Za-z0-9]+$/.exec(String(value ?? "")) ?? [])[1] ?? null;

export function mountPanel(container, { config, mock }) {
  const route = config.routes.find((r) => r.operationId === container.dataset.operation);
  if (!route) throw new Error(`Try it: no operation ${container.dataset.operation} in the spec`);
  panels += 1;
  const id = `vinr-tryit-${panels}`;
  const { panel } = route;
  const inputs = new Map(); // field name → element(s)

  // --- the form: the key, then a field per parameter and body property ---------------------
  // The key is a field like the others, described for the mock (the spec's is the security scheme).
  const keyInputs = new Map();
  const keyField = fieldRow(`${id}-key`, {
    name: config.auth.header, in: "header", required: true, type: "string", array: false,
    enum: null, constraints: [], example: config.auth.placeholderKey,
    description: `The mock accepts the test key \`${config.auth.placeholderKey}\`. Clear it to ` +
      "see a 401. What you type here is never stored, and the code reads the key from " +
      "`VINR_SECRET_KEY` instead of showing it.",
  }, keyInputs);
  const keyInput = keyInputs.get(config.auth.header);

  const fields = panel.fields.map((field, index) => fieldRow(`${id}-f${index}`, field, inputs));
  const send = h("button", { type: "submit", class: "md-button md-button--primary" }, "Send");
  const reset = h("button", { type: "button", class: "md-button" }, "Reset data");
  const form = h("form", { class: "vinr-tryit__form", novalidate: true,
    "aria-label": `${panel.summary}: request` },
    keyField, fields, h("div", { class: "vinr-tryit__actions" }, send, reset));

  // --- the equivalent request, in the reader's language --------------------------------------
  const tabs = config.languages.map((language) => h("button", {
    type: "button", role: "tab", id: `${id}-tab-${language.key}`,
    "aria-controls": `${id}-code`, "aria-selected": "false", tabindex: "-1",
    "data-language": language.key,
  }, language.label));
  // The code blocks scroll sideways, so they take focus (keyboard scrolling), as Material's do.
  const code = h("code", { tabindex: "0" });
  const copy = h("button", { type: "button", class: "md-button vinr-tryit__copy" }, "Copy");
  const codeRegion = h("div", { class: "vinr-tryit__request" },
    h("div", { role: "tablist", "aria-label": "Request as code" }, tabs),
    h("div", { id: `${id}-code`, role: "tabpanel", class: "highlight" },
      h("pre", {}, code)),
    copy);

  // --- the response ---------------------------------------------------------------------------
  const status = h("p", { class: "vinr-tryit__status", role: "status", "aria-live": "polite",
    id: `${id}-status` }, "Press Send to run this request against the mock.");
  const headers = h("dl", { class: "vinr-tryit__headers", hidden: true });
  const json = h("code", { tabindex: "0", "aria-label": "Response body" });
  const body = h("div", { class: "highlight", hidden: true }, h("pre", {}, json));
  const response = h("div", { class: "vinr-tryit__response", "aria-labelledby": `${id}-status` },
    status, headers, body);

  const section = h("section", { id, class: "vinr-tryit__panel",
    "aria-label": `Try it: ${panel.summary}` },
  h("p", { class: "vinr-tryit__note" },
    "Requests go to a mock of the VINR API running in this page: nothing leaves your browser. ",
    "Its data lasts until you reload the page or reset it."),
  form, codeRegion, response);
  container.append(section);

  // --- behaviour ----------------------------------------------------------------------------
  function values() {
    const out = {};
    for (const field of panel.fields) {
      const input = inputs.get(field.name);
      out[field.name] = field.array
        ? input.filter((box) => box.checked).map((box) => box.value) : input.value;
    }
    return out;
  }
  const formState = () => ({ key: keyInput.value, values: values() });

  let language = currentLanguage(config, container) ?? config.languages[0].key;
  function showCode() {
    for (const tab of tabs) {
      const selected = tab.dataset.language === language;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) code.parentElement.parentElement.setAttribute("aria-labelledby", tab.id);
    }
    code.textContent = codeFor(language, config, route, formState());
  }

  function checkFields() {
    const current = values();
    for (const field of panel.fields) {
      const input = inputs.get(field.name);
      const value = current[field.name];
      let message = value === "" || (Array.isArray(value) && value.length === 0)
        ? (field.required ? "Required: without it the API answers 400." : null)
        : fieldProblem(config, route, field.name, value);
      if (message === null && field.in === "header" && /[^\x20-\x7e]/.test(value)) {
        message = "HTTP headers carry printable ASCII only: the SDKs refuse this value.";
      }
      const target = field.array ? input[0].closest("fieldset") : input;
      const note = document.getElementById(target.dataset.message);
      note.textContent = message ?? "";
      note.hidden = message === null;
      for (const control of field.array ? input : [input]) {
        control.setAttribute("aria-invalid", String(message !== null));
      }
    }
  }

  function update() {
    checkFields();
    showCode();
  }

  // Fields that hold an id of a kind this page session created follow the newest one, until the
  // reader types their own value.
  const followers = panel.fields.filter((field) => !field.array && prefixOf(field.example));
  function follow() {
    for (const field of followers) {
      const input = inputs.get(field.name);
      const id = created.get(prefixOf(field.example));
      const untouched = input.value === String(field.example) ||
        input.dataset.followed === input.value;
      if (!untouched) continue;
      if (id) {
        input.value = id;
        input.dataset.followed = id;
      } else if (input.dataset.followed) { // the data was reset: back to the documented example
        input.value = String(field.example);
        delete input.dataset.followed;
      }
    }
  }
  document.addEventListener(CREATED_EVENT, () => { follow(); update(); });
  follow();

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // never a navigation: the key must not end up in a URL
    performance.mark("vinr-tryit-send");
    const request = requestFor(config, route, formState());
    const reply = mock.request(request);
    showReply(reply);
    performance.measure("vinr-tryit-response", "vinr-tryit-send");
  });
  reset.addEventListener("click", () => {
    mock.reset();
    created.clear();
    document.dispatchEvent(new CustomEvent(CREATED_EVENT));
    headers.hidden = true;
    body.hidden = true;
    status.textContent = "Data reset: the mock is back to this page's documented data.";
  });

  function showReply(reply) {
    const replayed = reply.headers[config.idempotency.replayedHeader];
    status.textContent = `${reply.status} ${REASONS[reply.status] ?? ""}`.trim() +
      (replayed ? ` (replayed: ${config.idempotency.replayedHeader}: ${replayed})` : "");
    status.dataset.status = String(reply.status);
    status.dataset.sent = String(Number(status.dataset.sent ?? 0) + 1);
    headers.replaceChildren(...Object.entries(reply.headers).flatMap(([name, value]) =>
      [h("dt", {}, name), h("dd", {}, String(value))]));
    headers.hidden = false;
    json.replaceChildren(...highlightJson(JSON.stringify(reply.body, null, 2)));
    body.hidden = false;
    response.dataset.outcome = reply.status >= 400 ? "error" : "ok";
    const id = reply.body?.id;
    const sentIds = Object.values(formState().values).map(String);
    if (reply.status < 300 && prefixOf(id) && !sentIds.includes(id) && !reply.body.deleted) {
      created.set(prefixOf(id), id);
      document.dispatchEvent(new CustomEvent(CREATED_EVENT));
    }
    showResponse();
  }

  // The status line and the start of the body in view, just under the header.
  function showResponse() {
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
    const top = status.getBoundingClientRect().top;
    const wanted = header + 16;
    if (top < wanted || top + 160 > innerHeight) {
      window.scrollBy({ top: top - wanted, behavior: "instant" });
    }
  }

  copy.addEventListener("click", async () => {
    const text = code.textContent;
    try {
      await navigator.clipboard.writeText(text);
      copy.textContent = "Copied";
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copy.textContent = "Selected: press Ctrl+C";
    }
    setTimeout(() => { copy.textContent = "Copy"; }, 1500);
  });

  // Tabs: arrows move between languages; choosing one switches every sample on the page (the
  // operation's own tabs are clicked, so Material syncs and remembers the choice).
  const tablist = tabs[0].parentElement;
  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) choose(tab.dataset.language, true);
  });
  tablist.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (index < 0 || !(event.key in moves)) return;
    event.preventDefault();
    const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
    next.focus();
    choose(next.dataset.language, true);
  });
  function choose(key, sync) {
    language = key;
    showCode();
    if (sync) selectPageLanguage(config, container, key);
  }
  // The reader picks a language in a sample's tabs: follow it.
  document.addEventListener("change", (event) => {
    if (!event.target.matches(".tabbed-set > input")) return;
    const key = currentLanguage(config, container);
    if (key && key !== language) choose(key, false);
  });

  update();
  return section;
}

function fieldRow(id, field, inputs) {
  const describedBy = [`${id}-hint`, `${id}-msg`];
  const hint = h("p", { id: `${id}-hint`, class: "vinr-tryit__hint" },
    prose(field.description),
    field.constraints.length ? [" ", h("span", { class: "vinr-tryit__constraints" },
      prose(sentence(field.constraints.join("; "))))] : []);
  const message = h("p", { id: `${id}-msg`, class: "vinr-tryit__invalid", hidden: true });
  const badges = [" ", h("span", { class: "vinr-tryit__in" }, field.in),
    field.required ? [" ", h("span", { class: "vinr-required" }, "required")] : []];
  const example = field.example === null || field.example === undefined ? "" : String(field.example);

  if (field.array && field.enum) {
    const chosen = Array.isArray(field.example) ? field.example.map(String) : [];
    const boxes = field.enum.map((value, index) => h("input", {
      type: "checkbox", id: `${id}-${index}`, name: field.name, value,
      checked: chosen.includes(String(value)),
    }));
    inputs.set(field.name, boxes);
    return h("fieldset", { class: "vinr-tryit__field", "data-message": message.id,
      "aria-describedby": describedBy.join(" ") },
    h("legend", {}, h("code", {}, field.name), badges),
    boxes.map((box, index) => h("label", { class: "vinr-tryit__choice", for: box.id }, box,
      h("code", {}, field.enum[index]))),
    hint, message);
  }
  let input;
  if (field.enum) {
    input = h("select", { id: `${id}-input`, name: field.name },
      field.required ? [] : [h("option", { value: "" }, "(not sent)")],
      field.enum.map((value) => h("option", { value: String(value),
        selected: String(value) === example }, String(value))));
  } else {
    input = h("input", {
      id: `${id}-input`, name: field.name, type: "text", value: example,
      inputmode: field.type === "integer" ? "numeric" : null,
      autocomplete: "off", spellcheck: "false", autocapitalize: "off",
      placeholder: field.required ? null : "not sent when empty",
    });
  }
  input.setAttribute("aria-describedby", describedBy.join(" "));
  input.dataset.message = message.id;
  input.dataset.field = field.name;
  if (field.required) input.setAttribute("aria-required", "true");
  inputs.set(field.name, input);
  return h("div", { class: "vinr-tryit__field" },
    h("label", { for: input.id }, h("code", {}, field.name), badges), input, hint, message);
}

// --- the page's language tabs ----------------------------------------------------------------

function primaryTabs(container) {
  return container.closest(".vinr-operation__code")?.querySelector(".vinr-sample .tabbed-set") ??
    document.querySelector(".vinr-sample .tabbed-set");
}

function currentLanguage(config, container) {
  const set = primaryTabs(container);
  const checked = set?.querySelector(":scope > input:checked");
  const label = checked && set.querySelector(`label[for="${CSS.escape(checked.id)}"]`);
  const found = config.languages.find((l) => l.label === label?.textContent.trim());
  return found?.key ?? null;
}

function selectPageLanguage(config, container, key) {
  const wanted = config.languages.find((l) => l.key === key)?.label;
  const set = primaryTabs(container);
  const label = [...(set?.querySelectorAll(".tabbed-labels > label") ?? [])]
    .find((l) => l.textContent.trim() === wanted);
  if (label && !document.getElementById(label.htmlFor)?.checked) {
    const focused = document.activeElement;
    label.click(); // a label click focuses its radio: keep the reader where they were
    focused?.focus({ preventScroll: true });
  }
}

// --- pretty JSON, highlighted with the page's code colours (Pygments classes) ----------------

const JSON_TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([{}[\],:])/g;

export function highlightJson(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(JSON_TOKEN)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const [all, string, colon, literal, number] = match;
    const kind = string ? (colon ? "nt" : "s2") : literal ? "kc" : number ? "mi" : "p";
    nodes.push(h("span", { class: kind }, string ?? all));
    if (string && colon) nodes.push(h("span", { class: "p" }, colon));
    last = match.index + all.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
