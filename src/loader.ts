/**
 * The extension's entry point (dist/extension.js, a few KB): runs the bundle (dist/main.js) through a V8 code
 * cache in the extension's global storage (src/core/codeCache.ts), then hands activate() and deactivate() over to it.
 */
import type * as vscode from 'vscode';
import * as path from 'node:path';
import { loadBundle, type CacheState, type LoadedBundle } from './core/codeCache';

interface Main {
  activate(context: vscode.ExtensionContext): unknown;
  deactivate(): Promise<void> | undefined;
}

/**
 * After activation and the first paint, so that the cache also holds the functions they compiled; or when the
 * extension host ends first (a reload soon after the start).
 */
const SAVE_AFTER_MS = 5000;

/** How the bundle was loaded, for activation's log line (src/extension.ts). off: global storage is not on disk. */
export interface LoadInfo {
  cache: CacheState | 'off';
  /** Reading, compiling and running the bundle's modules (ms). */
  ms: number;
}

let main: Main | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Writes the cache once, if this start did not use one. */
let saveOnce: (() => Promise<boolean>) | undefined;

export function activate(context: vscode.ExtensionContext): unknown {
  const started = performance.now();
  const file = path.join(__dirname, 'main.js');
  const storage = context.globalStorageUri;
  const bundle: LoadedBundle<Main> | undefined = storage.scheme === 'file' ? loadBundle<Main>(file, storage.fsPath, require) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  main = bundle ? bundle.exports : (require(file) as Main);
  (globalThis as { __transcryptsLoad?: LoadInfo }).__transcryptsLoad = { cache: bundle?.cache ?? 'off', ms: performance.now() - started };
  if (bundle && bundle.cache !== 'used') {
    saveOnce = () => {
      saveOnce = undefined;
      clearTimeout(saveTimer);
      return bundle.save();
    };
    saveTimer = setTimeout(() => void saveOnce?.(), SAVE_AFTER_MS);
  }
  return main.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  const saving = saveOnce?.();
  const deactivated = main?.deactivate();
  return saving ? Promise.all([saving, deactivated]).then(() => undefined) : deactivated;
}
