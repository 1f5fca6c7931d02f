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
try { new Request('http://127.0.0.1/'); } catch { /* only the lazy load matters */ }
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
