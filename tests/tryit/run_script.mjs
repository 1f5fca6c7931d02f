// Run the agreement script's requests against the in-page mock under node.
//
//   node run_script.mjs MOCK_MODULE INPUT_JSON  → JSON records on stdout
//
// INPUT_JSON is what tests/tryit/test_agreement.py prepares: per scenario, the config built
// for its fixture state and the wire requests. MOCK_MODULE is mock.js or the page bundle.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import "./scenarios.js";

const [modulePath, inputPath] = process.argv.slice(2);
const { createMock } = await import(pathToFileURL(modulePath).href);
const input = JSON.parse(readFileSync(inputPath, "utf8"));
process.stdout.write(JSON.stringify(globalThis.runScenarios(createMock, input)));
