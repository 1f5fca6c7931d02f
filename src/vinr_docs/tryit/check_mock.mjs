// The build's proof that Try it can serve every operation: the page's own mock module
// (tryit-mock.js, as bundled) is created from config.json and sent each operation's request with
// the panel's starting values, on a fresh session. A mock that cannot be created, or that crashes
// or answers against the spec, fails the build, naming the operation and its spec line.
//
//   node check_mock.mjs OUT_DIR      (run by `python -m vinr_docs.tryit.generate`)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const out = process.argv[2];
const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
const { createMock } = await import(pathToFileURL(join(out, "tryit-mock.js")).href);
const { requestFor } = await import(pathToFileURL(join(out, "codegen.js")).href);

const failures = [];
const where = (route) => config.plan?.operations?.[route.operationId]?.source ?? config.source;
let mock;
try {
  mock = createMock(config);
} catch (error) { // name the operations the error names, at their spec lines
  const named = config.routes.filter((r) => error.message.includes(r.operationId));
  const first = error.message.split("\n")[0];
  for (const route of named) {
    failures.push(`${where(route)}: Try it cannot serve ${route.operationId}: the in-page mock ` +
      `does not start: ${first}`);
  }
  if (named.length === 0) {
    failures.push(`${config.source}: Try it: the in-page mock does not start: ${first}`);
  }
}
for (const route of mock ? config.routes : []) {
  const values = Object.fromEntries(route.panel.fields.map((field) => [field.name, field.array
    ? (Array.isArray(field.example) ? field.example.map(String) : [])
    : (field.example === null || field.example === undefined ? "" : String(field.example))]));
  mock.reset();
  try {
    const reply = mock.request(requestFor(config, route,
      { key: config.auth.placeholderKey, values }));
    const bugs = reply.problems.filter((p) => p.kind === "fake_bug");
    if (bugs.length > 0) throw new Error(bugs.map((p) => p.message).join("; "));
  } catch (error) {
    failures.push(`${where(route)}: Try it cannot serve ${route.operationId} ` +
      `(${route.method} ${route.path}): ${error.message.split("\n")[0]}`);
  }
}
if (failures.length > 0) {
  process.stdout.write(failures.join("\n") + "\n");
  process.exit(1);
}
