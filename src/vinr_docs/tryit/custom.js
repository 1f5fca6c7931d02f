// The escape hatch, in the page: `x-vinr-behaviour: {custom: name}` runs the export `name(ctx,
// values)` of this module, returning [status, body], as src/vinr_docs/fake/custom.py does for
// the Python fake. The build fails when either file lacks the function. Unused in this repo.
export {};
