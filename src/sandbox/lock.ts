/**
 * One sandbox per data folder: a second `transcrypts-sandbox --data DIR` (a second `npm start`) would serve the same
 * files from another port, each overwriting the other's writes. The first one holds `DIR/sandbox.lock` (its process
 * id) until it exits; a lock left by a process that is gone is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'sandbox.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Another sandbox (process ${pid}) is using the data folder ${dataDir}. Stop it first (Ctrl+C where it runs, e.g. an earlier npm start), or give this one another folder with --data DIR.`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock for this process (released when it exits), or throws DataDirLockedError. */
export function lockDataDir(dataDir: string, pid = process.pid): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return {
        release: () => {
          process.removeListener('exit', release);
          release();
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== pid && alive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Left by a process that is gone (or unreadable): taken over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}.`);
}
