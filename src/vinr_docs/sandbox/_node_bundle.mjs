/**
 * `node _node_bundle.mjs ENTRY OUT NODE_PATH`: ENTRY and the client it requires (`@vinr/sdk`,
 * found under NODE_PATH) as ONE CommonJS file, what `node --build-snapshot` takes (a snapshot's
 * entry can require only Node's built-in modules). Run by the pool, before any job, with the
 * project's pinned esbuild. Each module keeps its own `import.meta.url` (the client finds its
 * operations table and the spec from it): a bundle would otherwise have none.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const [entry, outfile, nodePath] = process.argv.slice(2);

const ownImportMeta = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  nodePaths: [nodePath],
  plugins: [ownImportMeta],
  logLevel: 'error',
});
