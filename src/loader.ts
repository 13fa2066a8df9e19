/**
 * The extension's entry point (dist/extension.js, a few KB): asks for the saved connection's secrets, runs the bundle
 * (dist/main.js) through a V8 code cache in the extension's global storage (src/core/codeCache.ts), then hands
 * activate() and deactivate() over to it.
 */
import type * as vscode from 'vscode';
import * as path from 'node:path';
import { loadBundle, type CacheState, type LoadedBundle } from './core/codeCache';
import { readSavedSecrets, type SecretsRead } from './vscode/connection/saved';

interface Main {
  activate(context: vscode.ExtensionContext, secrets?: SecretsRead): unknown;
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

export async function activate(context: vscode.ExtensionContext): Promise<unknown> {
  // The secrets first: their read is a round trip to the workbench, and the bundle takes 15-30 ms to load, which
  // would hold the request back until done. The extension host writes its requests on a 0 ms timer, and a remote one
  // compresses them off the main thread before the socket write: after that timer, the bundle and its cache are read
  // asynchronously, and the compressed request is written meanwhile (a 0 ms wait alone was not enough in code-server:
  // the request reached the workbench with the bundle's registrations, as without a wait).
  const secrets = readSavedSecrets(context.globalState, context.secrets);
  if (secrets) await new Promise((resolve) => setTimeout(resolve, 0));
  const started = performance.now();
  const file = path.join(__dirname, 'main.js');
  const storage = context.globalStorageUri;
  const bundle: LoadedBundle<Main> | undefined = storage.scheme === 'file' ? await loadBundle<Main>(file, storage.fsPath, require) : undefined;
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
  return main.activate(context, secrets);
}

export function deactivate(): Promise<void> | undefined {
  const saving = saveOnce?.();
  const deactivated = main?.deactivate();
  return saving ? Promise.all([saving, deactivated]).then(() => undefined) : deactivated;
}
