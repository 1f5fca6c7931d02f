// Run the agreement script's requests against the in-page mock under node.
//
//   node run_script.mjs MOCK_MODULE INPUT_JSON  → JSON records on stdout
//
// INPUT_JSON is what tests/tryit/test_agreement.py prepares: per scenario, the config built
// for its fixture state and the wire requests. MOCK_MODULE is mock.js or the page bundle.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, inputPath] = process.argv.slice(2);
const { createMock } = await import(pathToFileURL(modulePath).href);
const input = JSON.parse(readFileSync(inputPath, "utf8"));

const scenarios = input.scenarios.map(({ name, config, steps }) => {
  let now = input.clockStart;
  const mock = createMock(config, { clock: () => now });
  const records = [];
  for (const step of steps) {
    if (step.reset) mock.reset();
    else if (step.advance_clock) now += step.advance_clock;
    else {
      const reply = mock.request(step.request);
      records.push({ step: step.name, status: reply.status, headers: reply.headers,
        body: reply.body, problems: reply.problems.map((p) => p.kind) });
    }
  }
  const events = mock.events().map((e) => ({ type: e.type, operation: e.operation,
    payload: e.payload }));
  return { name, records, events };
});
process.stdout.write(JSON.stringify(scenarios));
