// The build's proof that Try it can serve every operation: the page's own mock module
// (tryit-mock.js, as bundled) is created from config.json, once per fixture state a page starts
// from, and sent each operation's request with the panel's starting values on a fresh session.
// A mock that cannot be created, or that crashes or answers against the spec, fails the build,
// naming the operation and its spec line.
//
//   node check_mock.mjs OUT_DIR      (run by `python -m vinr_docs.tryit.generate`)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const out = process.argv[2];
const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
const { createMock } = await import(pathToFileURL(join(out, "tryit-mock.js")).href);
const { requestFor } = await import(pathToFileURL(join(out, "codegen.js")).href);

const where = (route) => config.plan?.operations?.[route.operationId]?.source ?? config.source;
const firstLine = (error) => String(error?.message ?? error).split("\n")[0];

/** The panel's starting values for an operation: each field's documented example. */
function startingValues(route) {
  return Object.fromEntries(route.panel.fields.map((field) => [field.name, field.array
    ? (Array.isArray(field.example) ? field.example.map(String) : [])
    : (field.example === null || field.example === undefined ? "" : String(field.example))]));
}

function check(label, state) {
  let mock;
  try {
    mock = createMock(config, { state });
  } catch (error) { // name the operations the error names, at their spec lines
    const named = config.routes.filter((r) => firstLine(error).includes(r.operationId));
    if (named.length === 0) {
      return [`${config.source}: Try it: the in-page mock does not start: ${firstLine(error)}`];
    }
    return named.map((route) => `${where(route)}: Try it cannot serve ${route.operationId}: ` +
      `the in-page mock does not start: ${firstLine(error)}`);
  }
  const failures = [];
  for (const route of config.routes) {
    mock.reset();
    try {
      const reply = mock.request(requestFor(config, route,
        { key: config.auth.placeholderKey, values: startingValues(route) }));
      const bugs = reply.problems.filter((p) => p.kind === "fake_bug");
      if (bugs.length > 0) throw new Error(bugs.map((p) => p.message).join("; "));
    } catch (error) {
      failures.push(`${where(route)}: Try it cannot serve ${route.operationId} ` +
        `(${route.method} ${route.path}, starting from ${label}): ${firstLine(error)}`);
    }
  }
  return failures;
}

const states = [["the default state", config.state],
  ...Object.entries(config.states ?? {}).map(([key, state]) => [`snippets/${key}`, state])];
const failures = [...new Set(states.flatMap(([label, state]) => check(label, state)))];
if (failures.length > 0) {
  process.stdout.write(failures.join("\n") + "\n");
  process.exit(1);
}
