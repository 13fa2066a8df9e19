/** The production webview bundle carries no test hooks; the test build does (both built here, as npm run package and npm test build them). */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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
