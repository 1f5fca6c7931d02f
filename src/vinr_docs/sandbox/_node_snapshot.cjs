/**
 * A warm, not yet assigned Node process for the next JavaScript job of a worker sandbox, started
 * from a V8 startup snapshot: `node <V8 flags> --experimental-vm-modules --snapshot-blob B`.
 *
 * The pool bundles this file with the client and its recorder (`_node_bundle.mjs`) and builds the
 * snapshot once per pool, outside any job (`node --build-snapshot`): a fresh process then starts
 * with the client already loaded and compiled, instead of parsing and linking it as ES modules.
 * Everything else is `_node_spare.mjs`, unchanged: each job gets its own process (nothing is
 * shared with any other job); `fetch` (undici, which a snapshot cannot hold) is loaded while no job
 * is assigned; then it blocks reading ONE job message from fd 3 (a pipe the zygote writes once and
 * closes), closes it, and only then becomes the job: the job's fresh uid (it starts as root inside
 * the sandbox only to drop to it), its workdir, exactly its environment, the recorder, and the
 * sample as the main module. No sample code runs before the drop, and the sample holds no
 * descriptor but stdio.
 *
 * The sample is an ES module in this realm (`vm.SourceTextModule`, the sample file's own URL, so
 * stack traces, `import.meta.url` and the recorder's call-site lines name it); it may import
 * `@vinr/sdk` (this snapshot's client, the one the recorder wraps) and Node's built-in modules,
 * the only modules a sample can reach in the sandbox. An unsettled top-level await exits 13, as
 * `node sample.mjs` does.
 */
'use strict';

const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const sdk = require('@vinr/sdk');
const { recordOperations } = require('@vinr/sdk/recorder');

const SDK = '@vinr/sdk';
// Every module made for the sample stays referenced until the process ends: Node 20's vm
// modules can be collected while V8 still points at them (a crash, not an error).
const alive = [];
const UNSETTLED_TOP_LEVEL_AWAIT = 13;

function namespaceOf(specifier, referrer) {
  if (specifier === SDK) return sdk;
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  // Read at run time: the snapshot builder's `node:module` has no list yet.
  if (require('node:module').builtinModules.includes(bare)) {
    const exports = require(`node:${bare}`);
    return { ...exports, default: exports };
  }
  const relative = /^\.{0,2}\//.test(specifier);
  const what = relative ? `module '${new URL(specifier, referrer).pathname}'` : `package '${specifier}'`;
  const error = new Error(`Cannot find ${what} imported from ${new URL(referrer).pathname}`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  throw error;
}

function moduleFor(specifier, referrer) {
  const namespace = namespaceOf(specifier, referrer);
  const names = Object.keys(namespace);
  const module = new vm.SyntheticModule(
    names,
    function exportAll() {
      for (const name of names) this.setExport(name, namespace[name]);
    },
    { identifier: specifier },
  );
  alive.push(module);
  return module;
}

async function linked(specifier, referrer) {
  const module = moduleFor(specifier, referrer);
  await module.link(() => {});
  await module.evaluate();
  return module;
}

async function runSample(file) {
  const url = pathToFileURL(file).href;
  const sample = new vm.SourceTextModule(fs.readFileSync(file, 'utf8'), {
    identifier: url,
    initializeImportMeta(meta) {
      Object.assign(meta, { url, filename: file, dirname: path.dirname(file) });
    },
    importModuleDynamically: (specifier) => linked(specifier, url),
  });
  alive.push(sample);
  await sample.link((specifier) => moduleFor(specifier, url));
  let settled = false;
  process.on('exit', (code) => {
    if (!settled && code === 0) {
      process.stderr.write(`Warning: Detected unsettled top-level await at ${url}\n`);
      process.exitCode = UNSETTLED_TOP_LEVEL_AWAIT;
    }
  });
  try {
    await sample.evaluate();
  } finally {
    settled = true;
  }
}

async function becomeTheJob() {
  // A `data:` fetch loads fetch's whole path (undici, streams, body parsing) without the network.
  await fetch('data:,warm').then((reply) => reply.text()).catch(() => {});
  const job = JSON.parse(fs.readFileSync(3, 'utf8'));
  fs.closeSync(3);
  process.setgroups([]);
  process.setgid(job.uid);
  process.setuid(job.uid);
  process.chdir(job.workdir);
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, job.env);
  process.argv = [process.argv[0], job.sample];
  const { VINR_RESULT_FD: fd, VINR_RESULT_PATH: resultPath } = process.env;
  if (fd || resultPath) {
    recordOperations({
      fd: fd ? Number(fd) : undefined,
      path: resultPath,
      samplePath: process.env.VINR_SAMPLE_PATH || job.sample,
    });
  }
  await runSample(job.sample);
}

v8.startupSnapshot.setDeserializeMainFunction(becomeTheJob);
