/**
 * Module hooks registered by preload.js:
 * - `@vinr/sdk` resolves to this package wherever the importing sample lives (no node_modules);
 * - the sample itself is loaded as an ES module (samples use `import` and top-level await), so
 *   a sample under a package.json without `"type": "module"` loads without a detection warning.
 */

const SDK = new URL('./src/index.js', import.meta.url).href;
let sampleURL = null;

export function initialize(data) {
  sampleURL = data?.sampleURL ?? null;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@vinr/sdk') return { url: SDK, shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url === sampleURL && url.endsWith('.js')) return nextLoad(url, { ...context, format: 'module' });
  return nextLoad(url, context);
}
