/**
 * First module of every Node job's Worker (see `_node_host.mjs`): what `--import preload.js` does
 * for a cold run, without a module-hooks thread per job. The Worker is created ahead of its job
 * (between jobs) and waits here for it; it then takes exactly the job's environment, resolves
 * `@vinr/sdk` through the pool's read-only `node_modules/@vinr/sdk` link to clients/js (the file
 * the hooks resolve to), installs the recorder when asked, and imports the sample.
 */
import { parentPort, workerData } from 'node:worker_threads';

const job = await new Promise((resolve) => parentPort.once('message', resolve));
parentPort.unref();
for (const name of Object.keys(process.env)) delete process.env[name];
Object.assign(process.env, job.env);
process.argv[1] = job.sample;
const { VINR_RESULT_FD: fd, VINR_RESULT_PATH: path } = process.env;
if (fd || path) {
  const { recordOperations } = await import(workerData.recorder);
  recordOperations({
    fd: fd ? Number(fd) : undefined,
    path,
    samplePath: process.env.VINR_SAMPLE_PATH || job.sample,
  });
}
await import(new URL(`file://${job.sample}`).href);
