/**
 * Reads a fixtures folder for the receiver tests: every `*.json` under it (not the `*.schema.json` files Save as
 * Fixture writes beside them), by path relative to the folder, `/`-separated and sorted. Node only, no `vscode`.
 * A file that cannot be read, or is too large, becomes a case that errors with its name; the others still run.
 */
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
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

/**
 * Files read in one turn of the event loop. A fixture is small: reading it synchronously costs tens of
 * microseconds where fs.promises' open/stat/read/close round trips cost a third of a receiver-test run; a batch
 * keeps each turn to about a millisecond, so the extension host never waits long.
 */
const BATCH = 32;

/** The fixture files under `dir`, read; an absent folder has none. */
export async function readFixtures(dir: string): Promise<FixtureFile[]> {
  const out: FixtureFile[] = [];
  for await (const f of (await streamFixtures(dir)).files) out.push(f);
  return out;
}

/**
 * The fixture files under `dir`, counted first, then read a batch at a time as the run asks for them: a run does not
 * wait for the whole folder to be read before its first request.
 */
export async function streamFixtures(dir: string): Promise<{ count: number; files: AsyncIterable<FixtureFile> }> {
  const rels = await listFixtures(dir);
  async function* files(): AsyncGenerator<FixtureFile> {
    for (let i = 0; i < rels.length; i += BATCH) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      yield* rels.slice(i, i + BATCH).map((rel) => readOne(dir, rel));
    }
  }
  return { count: rels.length, files: files() };
}

function readOne(dir: string, rel: string): FixtureFile {
  const file = path.join(dir, ...rel.split('/'));
  try {
    const { size } = statSync(file);
    if (size > FIXTURE_SIZE_LIMIT) return { rel, error: l10n.t('it is {0} MB, over the {1} MB a fixture may be', (size / 1024 / 1024).toFixed(1), FIXTURE_SIZE_LIMIT / 1024 / 1024) };
    return { rel, text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { rel, error: errorMessage(e) };
  }
}
