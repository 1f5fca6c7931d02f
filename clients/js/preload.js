/**
 * Preload for running a docs sample: `node --import <repo>/clients/js/preload.js <sample.js>`
 *
 * - `import { Vinr } from '@vinr/sdk'` resolves to this package (hooks.js);
 * - when the env var VINR_RESULT_FD names an inherited file descriptor (or VINR_RESULT_PATH a
 *   file to append to), every client operation reports what it returned (or threw) there as one
 *   JSON line (src/recorder.js); the call-site line is looked up in VINR_SAMPLE_PATH (default:
 *   the script node was started with).
 */

import { realpathSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { recordOperations } from './src/recorder.js';

function mainURL() {
  try {
    return pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return null; // `node -e`, or a script path node itself completes (no extension)
  }
}

const script = process.argv[1] ? mainURL() : null;
register('./hooks.js', { parentURL: import.meta.url, data: { sampleURL: script } });

const { VINR_RESULT_FD: fd, VINR_RESULT_PATH: path } = process.env;
if (fd || path) {
  recordOperations({
    fd: fd ? Number(fd) : undefined,
    path,
    samplePath: process.env.VINR_SAMPLE_PATH || process.argv[1],
  });
}
