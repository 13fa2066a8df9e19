/**
 * Runs a CommonJS bundle through a V8 code cache, as `require` would run it but without compiling it again on
 * every start. Compiling our 300 KB bundle, and then compiling lazily each function activation and the first paint
 * run, took ≈ 10 ms of the time from the click on the activity bar to the first rows (npm run bench).
 *
 * The cache is made after the bundle ran (`save()`, some seconds after activation), so it also holds the functions
 * compiled by then. Its file name carries a hash of the bundle's text and the V8 version: another build or another
 * VS Code never reads it (V8 itself checks only the text's length). A cache V8 rejects, or that cannot be read or
 * written, costs the compile it would have saved and nothing else.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** used: compiled from the cache; missing: none yet for this build and this V8; rejected: V8 refused it. */
export type CacheState = 'used' | 'missing' | 'rejected';

export interface LoadedBundle<T> {
  exports: T;
  cache: CacheState;
  /** The cache file this build reads and writes. */
  cacheFile: string;
  /** Writes the cache as the bundle is now compiled; false when it could not (never throws). */
  save(): Promise<boolean>;
}

const PREFIX = 'code-cache-';

/** The bundle's parameters, on a line of their own (the bundle's own lines keep their numbers: lineOffset -1). */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n';

/**
 * Runs `file` as a CommonJS module whose `require` is `requireFn` (the caller's: `require('vscode')` must come
 * from a module inside the extension), with its code cache in `cacheDir`. The files are read asynchronously: the
 * event loop goes on while they are read (the extension's first request leaves meanwhile, src/loader.ts).
 */
export async function loadBundle<T>(file: string, cacheDir: string, requireFn: NodeJS.Require): Promise<LoadedBundle<T>> {
  // Hashed as the bytes read, then decoded once (hashing the text would encode it to UTF-8 again).
  const bytes = await fs.promises.readFile(file);
  const cacheFile = path.join(cacheDir, `${PREFIX}${cacheKey(bytes)}.bin`);
  const source = bytes.toString('utf8');
  const cachedData = await fs.promises.readFile(cacheFile).catch(() => undefined);
  const script = new vm.Script(`${WRAPPER}${source}\n})`, { filename: file, lineOffset: -1, cachedData });
  const cache: CacheState = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const wrapped = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const module = { exports: {} as unknown };
  wrapped.call(module.exports, module.exports, requireFn, module, file, path.dirname(file));
  return { exports: module.exports as T, cache, cacheFile, save: () => save(script, cacheFile) };
}

/** The bundle's text and the V8 that compiles it (its cache is V8's own format). */
function cacheKey(source: Buffer): string {
  return createHash('sha256').update(source).update(`\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 24);
}

/** Written whole (a temporary file, then renamed), mode 600; the caches of other builds are removed. */
async function save(script: vm.Script, cacheFile: string): Promise<boolean> {
  const dir = path.dirname(cacheFile);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(temporary, script.createCachedData(), { mode: 0o600 });
    await fs.promises.rename(temporary, cacheFile);
    for (const f of await fs.promises.readdir(dir)) {
      if (f.startsWith(PREFIX) && path.join(dir, f) !== cacheFile) await fs.promises.rm(path.join(dir, f), { force: true });
    }
    return true;
  } catch {
    await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}
