/**
 * Warm Node host inside a worker sandbox: `node --experimental-permission … _node_host.mjs <recorder>`.
 *
 * Started by `_zygote.py` under its own unprivileged uid; it talks JSON lines on fd 3. Each job
 * runs in a fresh `worker_threads` Worker: a fresh V8 isolate and module cache, its own copy of
 * `process.env` (exactly the job's), and `_node_job.mjs` as its first module: the `@vinr/sdk`
 * resolution and the recorder, as `--import preload.js` gives a cold run. Output is streamed back to the
 * zygote, which writes it into the job's capture pipes; `kill` terminates the Worker.
 *
 * What a Worker does NOT isolate (it shares this process): the uid and rlimits (so there is no
 * per-job CPU rlimit — the pool's wall-clock timeout bounds it — and RLIMIT_DATA bounds host and
 * job together), the working directory (`process.chdir` is unavailable in workers: relative paths
 * resolve against the pool's scratch, not the job's workdir), and the process itself: a job could
 * try to take over this host to tamper with later jobs. The host is started with Node's
 * permission model so a job cannot: no child processes, no native addons, no inspector
 * (`connectToMainThread`), no file writes outside the pool's scratch (so no /proc/self/mem).
 * Nothing trusted lives here anyway: the verdict comes from the fake server outside the sandbox,
 * and this process runs as a uid that owns nothing but the jobs' workdirs.
 */

import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

const recorder = process.argv[2];
const JOB = new URL('./_node_job.mjs', import.meta.url);
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
const send = (message) => channel.write(`${JSON.stringify(message)}\n`);
let current = null;
let spare = null;

/** A Worker waiting for its job: created between jobs, so never beside a running one. */
function spareWorker(memoryMb) {
  const worker = new Worker(JOB, {
    argv: [''], env: {}, workerData: { recorder }, stdin: false, stdout: true, stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
  worker.on('error', () => {}); // replaced below once it runs a job
  return { worker, memoryMb };
}

function start(job) {
  const memoryMb = Math.max(16, Math.floor(job.limits.memory_bytes / 2 ** 20));
  if (spare?.memoryMb !== memoryMb) {
    spare?.worker.terminate();
    spare = spareWorker(memoryMb);
  }
  const { worker } = spare;
  spare = null;
  const state = { worker, open: 2, code: null, forwarded: 0 };
  current = state;
  const finish = () => {
    if (state.code === null || state.open > 0 || current !== state) return;
    current = null;
    send({ exit: state.code });
    spare = spareWorker(memoryMb);
  };
  for (const name of ['stdout', 'stderr']) {
    // Past the cap the pool kills the job anyway: forward one chunk beyond it, drop the rest,
    // and respect back-pressure so a spewing job cannot fill this host's heap.
    worker[name].on('data', (chunk) => {
      if (state.forwarded > job.limits.output_bytes) return;
      state.forwarded += chunk.length;
      if (!send({ stream: name, b64: Buffer.from(chunk).toString('base64') })) {
        worker[name].pause();
        channel.once('drain', () => worker[name].resume());
      }
    });
    worker[name].on('end', () => { state.open -= 1; finish(); });
  }
  worker.removeAllListeners('error');
  worker.on('error', (err) => {
    const text = `${err?.stack ?? err}\n`;
    send({ stream: 'stderr', b64: Buffer.from(text).toString('base64') });
  });
  worker.on('exit', (code) => {
    state.code = code;
    setTimeout(() => { state.open = 0; finish(); }, 200).unref(); // streams that never end
    finish();
  });
  worker.postMessage({ env: job.env, sample: join(job.workdir, job.sample) });
}

let buffer = '';
channel.on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    if ('kill' in message) current?.worker.terminate();
    else if ('job' in message) start(message);
  }
});
channel.on('end', () => process.exit(0));
spare = spareWorker(Number(process.argv[3]) || 512);
send({ ready: true });
