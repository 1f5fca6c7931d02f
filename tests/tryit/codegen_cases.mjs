// For each case: the wire request the panel sends, the reply a fresh in-page mock gives it, and
// the panel's code for it in every language of the config.
//
//   node codegen_cases.mjs GENERATED_DIR INPUT_JSON → JSON on stdout
//
// INPUT_JSON: {cases: [{operationId, key, values}]} (tests/tryit/test_codegen.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, inputPath] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(join(dir, name)).href);
const { codeFor, requestFor } = await load("codegen.js");
const { createMock } = await load("mock.js");
const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
const { cases } = JSON.parse(readFileSync(inputPath, "utf8"));

const out = cases.map(({ operationId, key, values }) => {
  const route = config.routes.find((r) => r.operationId === operationId);
  const form = { key, values };
  const request = requestFor(config, route, form);
  const reply = createMock(config).request(request);
  const code = Object.fromEntries(config.languages.map(({ key: language }) =>
    [language, codeFor(language, config, route, form)]));
  return { request, reply: { status: reply.status, headers: reply.headers, body: reply.body },
    code };
});
process.stdout.write(JSON.stringify(out));
