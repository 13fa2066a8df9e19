/**
 * Reads a fixtures folder for the receiver tests: every `*.json` under it (not the `*.schema.json` files Save as
 * Fixture writes beside them), by path relative to the folder, `/`-separated and sorted. Node only, no `vscode`.
 * A file that cannot be read, or is too large, becomes a case that errors with its name; the others still run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FixtureFile } from './cases';
import { errorMessage } from '../../shared/errorMessage';

/** Larger fixture files are reported, not read (a delivery is far smaller). */
export const FIXTURE_SIZE_LIMIT = 20 * 1024 * 1024;
/** Folders deeper than this are not walked (a symlink loop, a hostile tree). */
const MAX_DEPTH = 16;

export function isFixtureFile(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.schema.json');
}

/** The fixture files' paths under `dir`, relative and sorted; an absent folder has none. */
async function listFixtures(dir: string): Promise<string[]> {
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
  return rels.sort();
}

/** The fixture files under `dir`, read; an absent folder has none. */
export async function readFixtures(dir: string): Promise<FixtureFile[]> {
  return Promise.all((await listFixtures(dir)).map((rel) => readOne(dir, rel)));
}

/** Files read ahead of the one being sent. */
const READ_AHEAD = 32;

/**
 * The fixture files under `dir`, counted first, then read while the earlier ones are sent: a run does not wait for
 * the whole folder to be read before its first request (the reads overlap the receiver's answers).
 */
export async function streamFixtures(dir: string): Promise<{ count: number; files: AsyncIterable<FixtureFile> }> {
  const rels = await listFixtures(dir);
  async function* files(): AsyncGenerator<FixtureFile> {
    const pending: Promise<FixtureFile>[] = [];
    let next = 0;
    for (;;) {
      while (pending.length < READ_AHEAD && next < rels.length) pending.push(readOne(dir, rels[next++] as string));
      const head = pending.shift();
      if (!head) return;
      yield await head;
    }
  }
  return { count: rels.length, files: files() };
}

async function readOne(dir: string, rel: string): Promise<FixtureFile> {
  const file = path.join(dir, ...rel.split('/'));
  try {
    const { size } = await fs.stat(file);
    if (size > FIXTURE_SIZE_LIMIT) return { rel, error: `it is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${FIXTURE_SIZE_LIMIT / 1024 / 1024} MB a fixture may be` };
    return { rel, text: await fs.readFile(file, 'utf8') };
  } catch (e) {
    return { rel, error: errorMessage(e) };
  }
}
