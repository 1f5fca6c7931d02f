/**
 * First module of every Node job's Worker (see `_node_host.mjs`): what `--import preload.js` does
 * for a cold run, without a module-hooks thread per job. The Worker is created ahead of its job
 * (between jobs) and waits here for it; it then takes exactly the job's environment, resolves
 * `@vinr/sdk` through the pool's read-only `node_modules/@vinr/sdk` link to clients/js (the file
 * the hooks resolve to), installs the recorder when asked, and imports the sample.
 */
import { parentPort, workerData } from 'node:worker_threads';

const arrived = new Promise((resolve) => parentPort.once('message', resolve));
// Warm up while no job is assigned yet (the Worker is created between jobs): load the client and
// the recorder (neither reads the environment at import) and undici, which `fetch` loads lazily
// on first use. A sample then costs its own run, not a cold module graph.
const recorderModule = import(workerData.recorder);
await Promise.all([recorderModule, import(new URL('./index.js', workerData.recorder).href)]);
// A `data:` fetch warms fetch's whole path (undici, streams, body parsing) without the network:
// ~30-45 ms less per sample; nothing reaches the fake, so no session sees it.
await fetch('data:,warm').then((reply) => reply.text()).catch(() => {});
const job = await arrived;
parentPort.unref();
for (const name of Object.keys(process.env)) delete process.env[name];
Object.assign(process.env, job.env);
process.argv[1] = job.sample;
const { VINR_RESULT_FD: fd, VINR_RESULT_PATH: path } = process.env;
if (fd || path) {
  const { recordOperations } = await recorderModule;
  recordOperations({
    fd: fd ? Number(fd) : undefined,
    path,
    samplePath: process.env.VINR_SAMPLE_PATH || job.sample,
  });
}
await import(new URL(`file://${job.sample}`).href);

// The sample's top-level code is done. A Worker that used fetch lingers ~100-150 ms on undici's
// idle keep-alive socket before it exits (a process does not). Wait while anything but sockets is
// pending (timers, file or DNS requests...), then give sockets a short grace and end the Worker,
// so a job costs its own work. A request the sample left un-awaited and still open 15 ms after
// everything else settled is cut: samples await their calls (top-level await).
const { setTimeout: sleep } = await import('node:timers/promises');
const SOCKETS = new Set(['TCPSocketWrap', 'TCPWrap', 'PipeWrap', 'TTYWrap', 'MessagePort']);
const busy = () => process.getActiveResourcesInfo().some((name) => !SOCKETS.has(name));
let idleFor = 0;
while (idleFor < 15) {
  await sleep(5);
  idleFor = busy() ? 0 : idleFor + 5;
}
process.exit(process.exitCode ?? 0);
