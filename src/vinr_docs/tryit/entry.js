// The page bundle's entry (tryit.js, an IIFE so it also runs from file://): the config generated
// from the spec and fixtures, one mock for the whole page session, and the panel.
//
// docs/assets/javascripts/tryit-loader.js loads this file on the first "Try it" click and calls
// `window.VinrTryIt.mount(container)`.
import config from "./config.json";
import { codeFor, requestFor } from "./codegen.js";
import { createMock } from "./mock.js";
import { mountPanel } from "./panel.js";

const mock = createMock(config);

window.VinrTryIt = {
  mount: (container) => mountPanel(container, { config, mock }),
  // For tests and the curious: the same objects the panels use.
  config,
  mock,
  createMock,
  codeFor,
  requestFor,
};
