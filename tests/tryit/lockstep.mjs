// The in-page mock as a line-based server, so a Python test can drive it in lockstep with the
// Python fake (tests/tryit/test_properties.py). One JSON command per stdin line, one JSON reply
// per stdout line:
//   {"start": {config, state, clock}}   a fresh mock (clock: the controlled time, seconds)
//   {"request": {...wire request}}      → {status, headers, body, problems: [kind…], events}
//   {"advance": seconds}                moves the clock
//
//   node lockstep.mjs MOCK_MODULE
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const { createMock } = await import(pathToFileURL(process.argv[2]).href);
let mock = null;
let now = 0;
let config = null;

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  let answer = { ok: true };
  if (command.start) {
    config = command.start.config ?? config;
    now = command.start.clock;
    mock = createMock(config, { clock: () => now, state: command.start.state ?? config.state });
  } else if ("advance" in command) {
    now += command.advance;
  } else {
    const reply = mock.request(command.request);
    answer = { status: reply.status, headers: reply.headers, body: reply.body,
      problems: reply.problems.map((p) => p.kind),
      events: mock.events().map((e) => ({ type: e.type, operation: e.operation,
        payload: e.payload })) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
