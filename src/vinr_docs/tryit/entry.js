// The page bundle's entry (tryit.js, an IIFE so it also runs from file://): the config generated
// from the spec and fixtures, one mock per fixture state for the whole page session, and the
// panel. Each Try it container names its page's state (`data-state`, stamped by hooks/tryit.py
// from the pages' own snippets, see vinr_docs.tryit.pages); without one, the default state.
import config from "./config.json";
import { codeFor, requestFor } from "./codegen.js";
import { createMock } from "./mock.js";
import { mountPanel } from "./panel.js";

const mock = createMock(config);
const mocks = new Map();

function mockFor(container) {
  const key = container.dataset.state;
  if (!key || !(key in config.states)) return mock;
  if (!mocks.has(key)) mocks.set(key, createMock(config, { state: config.states[key] }));
  return mocks.get(key);
}

window.VinrTryIt = {
  mount: (container) => mountPanel(container, { config, mock: mockFor(container) }),
  // For tests and the curious: the same objects the panels use.
  config,
  mock,
  mockFor,
  createMock,
  codeFor,
  requestFor,
};
