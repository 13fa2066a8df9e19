/**
 * The bundles as they ship: the production webview carries no test hooks (the test build does); the TypeScript
 * bundle, built with its stubs (esbuild.js: no YAML, lodash's functions one by one), gives what its source gives; the
 * .vsix stays within issue #30's budget. Built here into temporary folders, as npm run package and npm test build them.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_TYPES } from '../../src/core/events';
import { eventSchema } from '../../src/core/fixtures/shape/schema';
import { eventShape } from '../../src/core/fixtures/shape/documented';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { builtinModules } from 'node:module';
import { generatePayload } from '../../src/core/samples/payloads';
import { hex, seededRng } from '../../src/core/samples/random';

const root = path.join(__dirname, '..', '..');
const HOOKS = ['__history', 'lastDetailRenderMs', 'loadTimes()'];

function build(production: boolean): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'esbuild.js'), ...(production ? ['--production'] : []), '--outdir', out], { cwd: root, stdio: 'pipe' });
    return fs.readFileSync(path.join(out, 'webview.js'), 'utf8');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('webview bundle', function () {
  this.timeout(60_000);

  it('leaves the test hooks out of the production build and keeps them in the test build', () => {
    const production = build(true);
    for (const h of HOOKS) assert.ok(!production.includes(h), `${h} is in the production bundle`);
    const test = build(false);
    assert.ok(test.includes('__history'), 'the test build exposes the hooks');
  });
});

describe('bundles loaded on first use', () => {
  it('ships every bundle the extension loads at run time (.vscodeignore lists it), and esbuild builds it', () => {
    // Required on first use, or run by the loader (src/loader.ts: main.js through the code cache).
    const sources = execFileSync('grep', ['-rhoE', "path\\.join\\(__dirname, '[a-z-]+\\.js'\\)", path.join(root, 'src')], { encoding: 'utf8' });
    const lazy = [...sources.matchAll(/'([a-z-]+\.js)'/g)].map((m) => m[1] as string);
    for (const file of ['typegen.js', 'embedded-sandbox.js', 'main.js']) assert.ok(lazy.includes(file), `${file} not found: ${lazy.join(', ')}`);
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    const built = fs.readFileSync(path.join(root, 'esbuild.js'), 'utf8');
    for (const file of lazy) {
      assert.ok(shipped.split('\n').includes(`!dist/${file}`), `${file} is not shipped (.vscodeignore)`);
      assert.ok(built.includes(`/${file}\``), `${file} is not built (esbuild.js)`);
    }
  });
});

describe('the bundles every activation loads', function () {
  this.timeout(60_000);

  it('require only Node\'s modules and vscode at activation (no package is looked for in node_modules folders), each once, and are ASCII', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production', '--outdir', out], { cwd: root, stdio: 'pipe' });
      const builtin = new Set(builtinModules);
      // The ones every activation loads (the others load on first use, or run in processes of their own).
      for (const file of ['extension.js', 'main.js']) {
        const text = fs.readFileSync(path.join(out, file), 'utf8');
        const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] as string);
        // (A ${…} is generated code's text, not a require of ours.)
        const looked = required.filter((r) => !r.includes('${') && r !== 'vscode' && !builtin.has(r.replace(/^node:/, '')) && !r.startsWith('.') && !r.startsWith('/'));
        assert.deepEqual(looked, [], `${file} requires ${looked.join(', ')}`);
        // Each once: in the extension host every require() goes through VS Code's module interceptor (esbuild writes
        // one per importing module: main.js required vscode 76 times, 4 ms of each activation).
        // (esbuild writes require("name"); the receiver tests' generated code is text with require('name') in it.)
        const calls = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string);
        const twice = [...new Set(calls.filter((r, i) => calls.indexOf(r) !== i))];
        assert.deepEqual(twice, [], `${file} requires ${twice.join(', ')} more than once`);
        // ASCII only: one character past it and V8 holds the whole source as two-byte text, and Node decodes all of
        // it as UTF-8 rather than copying it (esbuild escapes such characters in strings, not in regular expressions).
        const wide = [...text.matchAll(/.{0,30}[\u0080-\uffff].{0,10}/g)].map((m) => m[0]);
        assert.deepEqual(wide, [], `${file} has characters past ASCII`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the TypeScript bundle (dist/typegen.js)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production', '--outdir', out], { cwd: root, stdio: 'pipe' });
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('bundles every lodash function json-schema-to-typescript calls (esbuild.js lists them one by one)', () => {
    const listed = /const LODASH_METHODS = \[([^\]]*)\]/.exec(fs.readFileSync(path.join(root, 'esbuild.js'), 'utf8'))?.[1] ?? '';
    const methods = new Set([...listed.matchAll(/'(\w+)'/g)].map((m) => m[1]));
    const lib = path.join(root, 'node_modules', 'json-schema-to-typescript', 'dist', 'src');
    const called = new Set<string>();
    for (const f of fs.readdirSync(lib).filter((x) => x.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(lib, f), 'utf8');
      for (const m of text.matchAll(/lodash_1\.(\w+)/g)) called.add(m[1] as string);
      // Only the `lodash_1.name` form is read above: any other use of the module would go unchecked.
      for (const m of text.matchAll(/(\w+) = require\("lodash"\)/g)) assert.equal(m[1], 'lodash_1', `${f} holds lodash as ${m[1]}`);
    }
    assert.ok(called.size > 0, 'no lodash call found: the library changed its form');
    for (const c of called) assert.ok(methods.has(c), `json-schema-to-typescript calls lodash.${c}, which esbuild.js does not bundle`);
  });

  it('gives the same interfaces as its source, for every event type', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
    const bundled = require(path.join(out, 'typegen.js')) as { interfacesFor: typeof interfacesFor };
    const rng = seededRng(30);
    for (const type of EVENT_TYPES) {
      const payloads = [0, 1, 2].map((i) => generatePayload(type, rng, new Date(Date.UTC(2026, 11, 1 + i)), hex(rng, 32)));
      const schema = eventSchema(type, eventShape(type, payloads));
      assert.equal(await bundled.interfacesFor(schema, 'Payload'), await interfacesFor(schema, 'Payload'), type);
    }
  });

  it('keeps the .vsix within 800,000 bytes (issue #30), built as npm run package builds it', function () {
    this.timeout(120_000);
    const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
    try {
      // What .vscodeignore ships, with the production bundles just built; vsce would run the prepublish build again.
      for (const f of ['.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.nls.json']) if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(pkg, f));
      fs.cpSync(path.join(root, 'media'), path.join(pkg, 'media'), { recursive: true });
      fs.cpSync(path.join(root, 'l10n'), path.join(pkg, 'l10n'), { recursive: true });
      fs.cpSync(out, path.join(pkg, 'dist'), { recursive: true });
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      delete manifest.scripts?.['vscode:prepublish'];
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify(manifest, null, 2));
      const vsix = path.join(pkg, 'x.vsix');
      execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: pkg, stdio: 'pipe' });
      const size = fs.statSync(vsix).size;
      assert.ok(size <= 800_000, `the .vsix is ${size.toLocaleString('en-US')} bytes, over 800,000: README.md is ${fs.statSync(path.join(root, 'README.md')).size.toLocaleString('en-US')} bytes of it before compression`);
    } finally {
      fs.rmSync(pkg, { recursive: true, force: true });
    }
  });
});
