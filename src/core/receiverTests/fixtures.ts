/**
 * Reads a fixtures folder for the receiver tests: every `*.json` under it (not the `*.schema.json` files Save as
 * Fixture writes beside them), by path relative to the folder, `/`-separated and sorted. Node only, no `vscode`.
 * A file that cannot be read, or is too large, becomes a case that errors with its name; the others still run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FixtureFile } from './cases';

/** Larger fixture files are reported, not read (a delivery is far smaller). */
export const FIXTURE_SIZE_LIMIT = 20 * 1024 * 1024;
/** Folders deeper than this are not walked (a symlink loop, a hostile tree). */
const MAX_DEPTH = 16;

export function isFixtureFile(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.schema.json');
}

/** The fixture files under `dir`; an absent folder has none. */
export async function readFixtures(dir: string): Promise<FixtureFile[]> {
  const rels: string[] = [];
  const walk = async (at: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(at, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && depth === 0) return;
      throw e;
    }
    for (const e of entries) {
      const full = path.join(at, e.name);
      if (e.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1);
      else if (e.isFile() && isFixtureFile(e.name)) rels.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  await walk(dir, 0);
  rels.sort();
  return Promise.all(rels.map((rel) => readOne(dir, rel)));
}

async function readOne(dir: string, rel: string): Promise<FixtureFile> {
  const file = path.join(dir, ...rel.split('/'));
  try {
    const { size } = await fs.stat(file);
    if (size > FIXTURE_SIZE_LIMIT) return { rel, error: `it is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${FIXTURE_SIZE_LIMIT / 1024 / 1024} MB a fixture may be` };
    return { rel, text: await fs.readFile(file, 'utf8') };
  } catch (e) {
    return { rel, error: e instanceof Error ? e.message : String(e) };
  }
}
