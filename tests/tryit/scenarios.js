// The agreement script's loop, shared by node (run_script.mjs) and Chromium
// (test_agreement.py loads it as a classic script): one fresh mock per scenario, a controlled
// clock, and per request the status, headers, body and problems; then the events.
globalThis.runScenarios = function runScenarios(createMock, input) {
  return input.scenarios.map(({ name, config, steps }) => {
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
};
