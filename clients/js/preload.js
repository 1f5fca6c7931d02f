/**
 * Preload for running a docs sample: `node --import <repo>/clients/js/preload.js <sample.js>`
 *
 * - `import { Vinr } from '@vinr/sdk'` resolves to this package (hooks.js);
 * - when the env var VINR_RESULT_FD names an inherited file descriptor, every client operation
 *   reports what it returned (or threw) to it as one JSON line (src/recorder.js); the call-site
 *   line is looked up in VINR_SAMPLE_PATH (default: the script node was started with).
 */

import { realpathSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { recordOperations } from './src/recorder.js';

const script = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : null;
register('./hooks.js', { parentURL: import.meta.url, data: { sampleURL: script } });

if (process.env.VINR_RESULT_FD) {
  recordOperations({
    fd: Number(process.env.VINR_RESULT_FD),
    samplePath: process.env.VINR_SAMPLE_PATH || process.argv[1],
  });
}
