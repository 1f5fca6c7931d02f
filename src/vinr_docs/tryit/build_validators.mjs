// Precompile the mock's JSON Schemas (config.json → validators.js) and bundle the page module.
//
//   node build_validators.mjs OUT_DIR      (run by `python -m vinr_docs.tryit.generate`)
//
// The page may not `eval` or `new Function` (CSP without unsafe-eval), so ajv compiles here,
// in Node, and writes its standalone code: plain functions, one export per schema key. The
// `email` format is the mock's own `isEmail` (email.js), imported by the generated module.
// The panel (entry.js → tryit.js) is bundled last, with config.json inlined.
// esbuild then inlines ajv's small runtime helpers (e.g. ucs2length, which counts code points
// as Python's len does) so the result imports nothing but ./email.js, and bundles
// mock.js + validators + email.js into tryit-mock.js, one minified ES module for the page.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { _ } from "ajv/dist/compile/codegen/index.js";
import * as esbuild from "esbuild";
import { isEmail } from "./email.js";

// OUT_DIR may be anywhere: resolve ajv's runtime from this project's node_modules.
const nodeModules = resolve(dirname(fileURLToPath(import.meta.url)), "../../../node_modules");
const out = process.argv[2];
if (!out) throw new Error("usage: node build_validators.mjs OUT_DIR");
const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));

const ajv = new Ajv2020({
  allErrors: true, // the mock picks which error to report, in the fake's order
  strict: true,
  formats: { email: isEmail },
  code: { source: true, esm: true, formats: _`vinrFormats` },
});
ajv.addKeyword("x-vinr-invalid"); // the documented message: read by mock.js, not a check
for (const [key, schema] of Object.entries(config.schemas)) ajv.addSchema(schema, key);
const exports = Object.fromEntries(Object.keys(config.schemas).map((key) => [key, key]));

const source = [
  'import { formats as vinrFormats } from "./email.js";',
  standaloneCode(ajv, exports),
  `export const schemaDigest = ${JSON.stringify(config.schemaDigest)};`,
].join("\n");
writeFileSync(join(out, "validators.raw.js"), source);

/** One esbuild bundle of OUT_DIR/entry into OUT_DIR/outfile, for the browser. */
const bundle = (entry, outfile, options) => esbuild.build({
  entryPoints: [join(out, entry)],
  outfile: join(out, outfile),
  bundle: true,
  platform: "browser",
  logLevel: "error",
  ...options,
});

await bundle("validators.raw.js", "validators.js",
  { format: "esm", external: ["./email.js"], nodePaths: [nodeModules] });
rmSync(join(out, "validators.raw.js"));
// The page's panel: config.json inlined, one classic script (an IIFE runs from file:// too,
// where module scripts are blocked), no eval: it runs under a CSP without 'unsafe-eval'.
await bundle("entry.js", "tryit.js", { format: "iife", minify: true, target: "es2020" });
await bundle("mock.js", "tryit-mock.js", { format: "esm", minify: true });
