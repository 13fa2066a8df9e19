// One bundle per runtime: the extension (node, cjs, `vscode` external), the webview (browser), the sandbox CLI
// (node), plus the extension-host test entry. `node esbuild.js [--production] [--watch]`.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** `--outdir DIR` builds elsewhere than dist/ (the bundle test builds the production webview into a temporary folder). */
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * node-fetch 2 imports whatwg-url only as a fallback for runtimes without a global URL (Node has one); its
 * Unicode tables (tr46) would be 290 KB of the bundle. Resolve it to the global instead. It also tries the optional
 * `encoding` package when it loads (for Body.textConverted, which we never call): not installed, that require searched
 * every node_modules folder up from the extension at each activation before failing. It resolves to nothing.
 */
const globalUrl = {
  name: 'global-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'global-url' }));
    build.onLoad({ filter: /.*/, namespace: 'global-url' }, () => ({ contents: 'module.exports = { URL: globalThis.URL };', loader: 'js' }));
    build.onResolve({ filter: /^encoding$/ }, () => ({ path: 'encoding', namespace: 'no-encoding' }));
    build.onLoad({ filter: /.*/, namespace: 'no-encoding' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** json-schema-to-typescript imports Prettier (5 MB) for its `format` option, which we turn off: leave it out. */
const noPrettier = {
  name: 'no-prettier',
  setup(build) {
    build.onResolve({ filter: /^prettier$/ }, () => ({ path: 'prettier', namespace: 'no-prettier' }));
    build.onLoad({ filter: /.*/, namespace: 'no-prettier' }, () => ({
      contents: "module.exports = { format() { throw new Error('Prettier is not bundled: format is off.'); } };",
      loader: 'js',
    }));
  },
};

/**
 * json-schema-to-typescript parses YAML schema files, and its $ref parser YAML references, with js-yaml (110 KB):
 * ours are schema objects built in memory without a $ref, so no YAML is ever read. A stub keeps the module's load
 * (json-schema-to-typescript builds a js-yaml schema when it loads) and fails loudly if YAML were ever parsed.
 */
const noYaml = {
  name: 'no-yaml',
  setup(build) {
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: 'js-yaml', namespace: 'no-yaml' }));
    build.onLoad({ filter: /.*/, namespace: 'no-yaml' }, () => ({
      contents: "const no = () => { throw new Error('js-yaml is not bundled: typegen reads no YAML.'); };\nmodule.exports = { CORE_SCHEMA: { withTags: () => ({}) }, JSON_SCHEMA: {}, load: no };",
      loader: 'js',
    }));
  },
};

/**
 * The lodash functions json-schema-to-typescript calls, each from its own module, rather than all of lodash (a CommonJS
 * module esbuild cannot shake: 225 KB). test/unit/bundle.test.ts holds this list to the library's calls.
 */
const LODASH_METHODS = ['cloneDeep', 'deburr', 'endsWith', 'includes', 'isPlainObject', 'map', 'merge', 'omit', 'trim', 'uniqBy', 'upperFirst'];
const lodashMethods = {
  name: 'lodash-methods',
  setup(build) {
    build.onResolve({ filter: /^lodash$/ }, () => ({ path: 'lodash', namespace: 'lodash-methods' }));
    build.onLoad({ filter: /.*/, namespace: 'lodash-methods' }, () => ({
      contents: `module.exports = {\n${LODASH_METHODS.map((m) => `  ${m}: require('lodash/${m}'),`).join('\n')}\n};`,
      loader: 'js',
      resolveDir: __dirname,
    }));
  },
};

/** jsonc-parser's `main` is a UMD build that requires its parts at run time (unbundleable): take its ES modules. */
const jsoncEsm = {
  name: 'jsonc-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: require.resolve('jsonc-parser/lib/esm/main.js') }));
  },
};

/**
 * Each module of the bundle that imports `vscode` or a Node built-in gets its own `require()` call from esbuild: the
 * extension bundle made 76 of `vscode` and 40 of built-ins when it loaded. In the extension host every `require()`
 * goes through VS Code's module interceptor (a realpath of the caller, its extension looked up): 4 ms of each
 * activation. Each such module becomes one small bundled module that requires it once, and the others share it.
 */
const { builtinModules } = require('node:module');
const BUILTIN = new Set(builtinModules);
const requireOnce = {
  name: 'require-once',
  setup(build) {
    build.onResolve({ filter: /^(vscode|node:.*|[a-z_/]+)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.path !== 'vscode' && !BUILTIN.has(name)) return undefined;
      // The shared module's own require: external, as before.
      if (args.namespace === 'require-once') return { path: args.path, external: true };
      return { path: args.path === 'vscode' ? 'vscode' : `node:${name}`, namespace: 'require-once' };
    });
    build.onLoad({ filter: /.*/, namespace: 'require-once' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', plugins: [globalUrl, jsoncEsm] };

const builds = [
  // The entry point (package.json main): a small loader that runs main.js through a V8 code cache (src/loader.ts).
  { ...node, entryPoints: ['src/loader.ts'], outfile: `${outdir}/extension.js`, external: ['vscode'], plugins: [...node.plugins, requireOnce] },
  { ...node, entryPoints: ['src/extension.ts'], outfile: `${outdir}/main.js`, external: ['vscode'], plugins: [...node.plugins, requireOnce] },
  // The sandbox's command line: a few lines that load the one sandbox bundle below (src/sandbox/bin.ts).
  { ...node, entryPoints: ['src/sandbox/bin.ts'], outfile: `${outdir}/sandbox.js` },
  // The MCP server for any agent: `node dist/mcp.js` (src/mcp/main.ts).
  { ...node, entryPoints: ['src/mcp/main.ts'], outfile: `${outdir}/mcp.js` },
  // Loaded when the embedded sandbox first starts (src/vscode/sandbox/sandboxHost.ts), not at activation.
  { ...node, entryPoints: ['src/sandbox/index.ts'], outfile: `${outdir}/embedded-sandbox.js` },
  // Loaded on the first TypeScript fixture (src/vscode/fixtures/typegen.ts), not at activation.
  { ...node, entryPoints: ['src/core/fixtures/typegen.ts'], outfile: `${outdir}/typegen.js`, plugins: [globalUrl, jsoncEsm, noPrettier, noYaml, lodashMethods] },
  // The test hooks (window.__history, render times) exist only in test and bench builds.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['src/webview/main.ts'], outfile: `${outdir}/webview.js`, define: { __TEST_HOOKS__: String(!production) } },
];
if (!production) {
  // The extension-host suite: mocha stays a runtime dependency (resolved from node_modules).
  builds.push({ ...node, entryPoints: ['test/exthost/index.ts'], outfile: `${outdir}/test/exthost.js`, external: ['vscode', 'mocha'] });
}

/** The webview's icon font ships inside the extension (the webview may load only the extension's own files). */
function copyCodicons() {
  const fs = require('fs');
  const path = require('path');
  const from = path.join(__dirname, 'node_modules/@vscode/codicons/dist');
  const to = path.resolve(__dirname, outdir, 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

/**
 * In watch mode, the lines the `$esbuild-watch` problem matcher of .vscode/tasks.json reads: a start and an end
 * marker per rebuild, and each error as `✘ [ERROR] text` followed by its `file:line:column:`.
 */
const problemMatcherLines = {
  name: 'problem-matcher-lines',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  copyCodicons();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, logLevel: 'silent', plugins: [...(b.plugins ?? []), problemMatcherLines] })));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[esbuild] built ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
