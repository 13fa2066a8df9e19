/** The bundle's V8 code cache (src/core/codeCache.ts): when it is read, made, refused, and what it never does. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBundle } from '../../src/core/codeCache';

interface Exports {
  answer: number;
  dirname: string;
  filename: string;
  joined: string;
  fail(): never;
}

// Line 3 throws: stack traces keep the bundle's own line numbers.
const BUNDLE = `'use strict';
exports.answer = 42; exports.dirname = __dirname; exports.filename = __filename; exports.joined = require('node:path').join('a', 'b');
exports.fail = function () { throw new Error('from the bundle'); };
`;

/**
 * In a fresh Node, as at every start of the extension host: a process that compiled the same text already takes it
 * from V8's own in-memory cache and never looks at the file.
 */
function loadFresh(bundle: string, cacheDir: string): { cache: string; answer: number } {
  const script = `const { loadBundle } = require(${JSON.stringify(path.join(__dirname, '../../src/core/codeCache.ts'))});
void loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}, require).then((l) => process.stdout.write(JSON.stringify({ cache: l.cache, answer: l.exports.answer })));`;
  return JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8' })) as { cache: string; answer: number };
}

describe('the code cache of the bundle', function () {
  this.timeout(20_000);

  let dir: string;
  let bundle: string;
  let cacheDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    bundle = path.join(dir, 'dist', 'main.js');
    cacheDir = path.join(dir, 'storage');
    fs.mkdirSync(path.dirname(bundle));
    fs.writeFileSync(bundle, BUNDLE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle as require would, with the caller’s require, its own file and folder and line numbers', async () => {
    const loaded = await loadBundle<Exports>(bundle, cacheDir, require);
    assert.equal(loaded.exports.answer, 42);
    assert.equal(loaded.exports.filename, bundle);
    assert.equal(loaded.exports.dirname, path.dirname(bundle));
    assert.equal(loaded.exports.joined, path.join('a', 'b'));
    assert.throws(() => loaded.exports.fail(), (e: Error) => (e.stack ?? '').includes(`${bundle}:3:`));
  });

  it('is missing on the first start, written by save() (mode 600), and used on the next start', async () => {
    const first = await loadBundle<Exports>(bundle, cacheDir, require);
    assert.equal(first.cache, 'missing');
    assert.equal(await first.save(), true);
    const file = first.cacheFile;
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(file)], 'no temporary file is left');
    assert.deepEqual(loadFresh(bundle, cacheDir), { cache: 'used', answer: 42 });
    assert.equal((await loadBundle<Exports>(bundle, cacheDir, require)).cacheFile, file, 'the same build, the same file');
  });

  it('never reads the cache of another build, even one of the same length (V8 checks only the length), and save() removes it', async () => {
    const old = await loadBundle<Exports>(bundle, cacheDir, require);
    await old.save();
    fs.writeFileSync(bundle, BUNDLE.replace('42', '43'));
    const rebuilt = await loadBundle<Exports>(bundle, cacheDir, require);
    assert.equal(rebuilt.cache, 'missing');
    assert.notEqual(rebuilt.cacheFile, old.cacheFile);
    assert.equal(rebuilt.exports.answer, 43, 'the new build runs');
    await rebuilt.save();
    assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(rebuilt.cacheFile)]);
  });

  it('compiles the bundle again when V8 refuses the cache (damaged), and save() replaces it', async () => {
    const first = await loadBundle<Exports>(bundle, cacheDir, require);
    await first.save();
    fs.writeFileSync(first.cacheFile, Buffer.alloc(4096, 7));
    assert.deepEqual(loadFresh(bundle, cacheDir), { cache: 'rejected', answer: 42 });
    await (await loadBundle<Exports>(bundle, cacheDir, require)).save();
    assert.deepEqual(loadFresh(bundle, cacheDir), { cache: 'used', answer: 42 });
  });

  it('runs without a cache when its folder cannot be written (save() says so, and throws nothing)', async () => {
    fs.writeFileSync(cacheDir, 'a file where the folder should be');
    const loaded = await loadBundle<Exports>(bundle, cacheDir, require);
    assert.equal(loaded.cache, 'missing');
    assert.equal(loaded.exports.answer, 42);
    assert.equal(await loaded.save(), false);
  });
});
