/**
 * Result recorder: how a verification runner learns what a sample's client calls returned,
 * without the sample printing anything (mirrors `watch_operations` in src/vinr_docs/pyworker.py).
 *
 * Every operation listed in `Vinr.resources[*].operations` is wrapped; after each call settles,
 * one JSON line is written to the file descriptor `fd` (or appended to the file `path`):
 *
 *   {"operation": "customers.create", "line": 5, "returned": {...}}
 *   {"operation": "customers.create", "line": 5, "raised": {"error": {...}},
 *    "error": {"class": "InvalidRequestError", "status": 400, "message": "..."}}
 *
 * `line` is the line of the call in the sample file (the first stack frame in `samplePath`),
 * or null when the sample did not call the client directly.
 */

import { appendFileSync, realpathSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Vinr } from './index.js';

export function recordOperations({ fd, path, samplePath }) {
  const sample = canonicalPath(samplePath);
  const write = (text) => (fd === undefined ? appendFileSync(path, text) : writeSync(fd, text));
  for (const Resource of Object.values(Vinr.resources)) {
    for (const name of Resource.operations) {
      const original = Resource.prototype[name];
      const operation = `${Resource.resource}.${name}`;
      Resource.prototype[name] = function recorded(...args) {
        const line = callerLine(sample);
        const report = (outcome) => write(`${JSON.stringify({ operation, line, ...outcome })}\n`);
        return new Promise((settle) => settle(original.apply(this, args))).then(
          (value) => { report({ returned: value ?? null }); return value; },
          (err) => { report(raised(err)); throw err; },
        );
      };
    }
  }
}

function raised(err) {
  const error = { class: err?.name ?? typeof err, status: err?.status ?? null, message: String(err?.message ?? err) };
  return { raised: err?.body ?? null, error };
}

/** Line number of the innermost stack frame that lies in `sample`. */
function callerLine(sample) {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = (_, callSites) => callSites;
  Error.stackTraceLimit = Infinity;
  const holder = {};
  Error.captureStackTrace(holder, callerLine);
  const sites = holder.stack;
  Object.assign(Error, { prepareStackTrace, stackTraceLimit });
  const site = sites.find((s) => s.getFileName() && canonicalPath(s.getFileName()) === sample);
  return site ? site.getLineNumber() : null;
}

const canonical = new Map();
function canonicalPath(file) {
  if (!canonical.has(file)) {
    const path = resolve(file.startsWith('file:') ? fileURLToPath(file) : file);
    let real = path;
    try { real = realpathSync(path); } catch { /* not a file on disk (e.g. node:internal) */ }
    canonical.set(file, real);
  }
  return canonical.get(file);
}
