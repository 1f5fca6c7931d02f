/**
 * A warm, not yet assigned Node process for the next JavaScript job of a worker sandbox:
 * `node … _node_spare.mjs <recorder URL> <client URL>`, started by `_zygote.py` between jobs.
 *
 * Each job gets its own process (nothing is shared with any other job): this one loads the client,
 * the recorder and `fetch` (undici) while no job is assigned, then blocks reading ONE job message
 * from fd 3 (a pipe the zygote writes once and closes), closes it, and only then becomes the job:
 * the job's fresh uid (it starts as root inside the sandbox only to drop to it), its workdir, exactly
 * its environment, the recorder, and the sample as the main module. Its stdout and stderr are pipes
 * the zygote copies, byte for byte and unparsed, into the job's capture pipes; its exit status is
 * the job's. No sample code runs before the drop, and the sample holds no descriptor but stdio.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [recorderURL, clientURL] = process.argv.slice(2);
const recorderModule = import(recorderURL);
await Promise.all([recorderModule, import(clientURL)]);
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
const { VINR_RESULT_FD: fd, VINR_RESULT_PATH: path } = process.env;
if (fd || path) {
  const { recordOperations } = await recorderModule;
  recordOperations({
    fd: fd ? Number(fd) : undefined,
    path,
    samplePath: process.env.VINR_SAMPLE_PATH || job.sample,
  });
}
await import(pathToFileURL(job.sample).href);
