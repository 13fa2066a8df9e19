/**
 * Property suites for the boundaries that turn outside text into paths (#26, "close the classes"): fixture naming
 * from any delivery and any folder/pattern setting, and confinement on the real path with symbolic links, `..`,
 * absolute paths and Windows' reserved names. Seeded: a failure prints its seed and counterexample.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkConfined, OutsideWorkspaceError } from '../../src/core/fixtures/confine';
import { fixtureRelativePath, isInside, patternProblem, PLACEHOLDERS, sanitizeSegment } from '../../src/core/fixtures/naming';
import { tempDir } from './helpers';

const SEED = 20261206;
/** Text a hostile server or workspace may send: separators, dots, device names, controls, any Unicode. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('..', '.', '../..', '..\\..', '/etc/passwd', 'C:\\Windows', 'CON', 'con.json', 'NUL.txt', 'COM1', 'LPT9.ts', 'aux', ' ', '.git', '~', '\u0000', 'a/../../b', '%2e%2e', '\u2025', '．．', 'x'.repeat(300)),
);
const WINDOWS_RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)/i;

describe('property: fixture names from any delivery stay in the folder and are valid everywhere', () => {
  it('every segment is [A-Za-z0-9._-], not a dot name, not a Windows device, at most 100 characters; the path is inside the folder', () => {
    const pattern = fc.array(fc.oneof(fc.constantFrom(...PLACEHOLDERS.map((p) => `{${p}}`)), fc.constantFrom('-', '_', '/', 'x')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, hostileText, pattern, (event_type, webhook_id, event_created_at, env, fileName) => {
        if (patternProblem(fileName, 'fileName')) return;
        const rel = fixtureRelativePath({ event_type, webhook_id, event_created_at, env, status_code: null }, 'test/fixtures/transcrypts', fileName);
        for (const seg of rel.split('/')) {
          assert.match(seg, /^[A-Za-z0-9._-]+$/, rel);
          assert.ok(seg !== '.' && seg !== '..' && !seg.startsWith('.'), rel);
          assert.ok(!WINDOWS_RESERVED.test(seg), `${rel}: a Windows device name`);
          assert.ok(seg.length <= 105, rel);
        }
        assert.ok(isInside('/ws/test/fixtures/transcrypts', path.posix.join('/ws', rel)), rel);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('a segment is never empty, never a device name, and sanitizing twice changes nothing', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const seg = sanitizeSegment(text);
        assert.ok(seg.length > 0 && !WINDOWS_RESERVED.test(seg), seg);
        assert.equal(sanitizeSegment(seg), seg);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('a folder or pattern setting that is absolute, climbs or names an unknown placeholder is refused, never followed', () => {
    const setting = fc.oneof(hostileText, fc.constantFrom('/abs', 'C:/x', 'c:\\x', '~/x', 'a/../b', '..', '{nope}', 'ok/{event_type}'));
    fc.assert(
      fc.property(setting, (value) => {
        for (const kind of ['folder', 'fileName'] as const) {
          const problem = patternProblem(value, kind);
          const climbs = value.split(/[\\/]/).some((s) => s === '..');
          const absolute = path.isAbsolute(value) || /^[A-Za-z]:/.test(value) || value.startsWith('~');
          if (climbs || absolute) assert.ok(problem, `${kind} ${JSON.stringify(value)} accepted`);
          if (!problem) {
            const rel = fixtureRelativePath({ event_type: 'e', webhook_id: 'w', event_created_at: 't', env: 'dev', status_code: 200 }, kind === 'folder' ? value : 'f', kind === 'fileName' ? value : '{webhook_id}.json');
            assert.ok(isInside('/ws', path.posix.join('/ws', rel)), rel);
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('property: confinement on the real path (symbolic links, .., absolute)', () => {
  it('a write is allowed exactly when its real path is inside the workspace folder', async () => {
    const root = tempDir('tw-confine-');
    const ws = path.join(root, 'ws');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(ws, 'inner'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    // Links a hostile workspace may hold: out of the folder, back into it, a loop, a dangling one.
    fs.symlinkSync(outside, path.join(ws, 'out-link'));
    fs.symlinkSync(path.join(ws, 'inner'), path.join(ws, 'in-link'));
    fs.symlinkSync(path.join(ws, 'loop-a'), path.join(ws, 'loop-b'));
    fs.symlinkSync(path.join(ws, 'loop-b'), path.join(ws, 'loop-a'));
    fs.symlinkSync(path.join(outside, 'missing'), path.join(ws, 'dangling'));
    fs.writeFileSync(path.join(outside, 'target.json'), 'outside');
    fs.symlinkSync(path.join(outside, 'target.json'), path.join(ws, 'file-link.json'));
    const segment = fc.constantFrom('inner', 'out-link', 'in-link', 'loop-a', 'dangling', 'file-link.json', 'new', '..', '.', 'x.json');
    const fixed = new Set(fs.readdirSync(ws));
    const list = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [path.join(d, e.name), ...list(path.join(d, e.name))] : [path.join(d, e.name)]));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), async (segs) => {
          const file = path.join(ws, ...segs);
          const verdict = await checkConfined(ws, file).then(
            () => 'allowed' as const,
            (e: unknown) => (e instanceof OutsideWorkspaceError ? ('refused' as const) : Promise.reject(e)),
          );
          // The oracle is the file system itself: write there, and see whether anything landed outside.
          const before = list(outside).join('\n');
          try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, 'written');
          } catch {
            // A loop, a file in the way: nothing written.
          }
          const landedOutside = list(outside).join('\n') !== before || fs.readFileSync(path.join(outside, 'target.json'), 'utf8') !== 'outside';
          // Put everything back for the next case.
          for (const f of list(outside)) if (!['target.json'].includes(path.basename(f))) fs.rmSync(f, { recursive: true, force: true });
          fs.writeFileSync(path.join(outside, 'target.json'), 'outside');
          for (const name of fs.readdirSync(ws)) if (!fixed.has(name)) fs.rmSync(path.join(ws, name), { recursive: true, force: true });
          for (const name of fs.readdirSync(path.join(ws, 'inner'))) fs.rmSync(path.join(ws, 'inner', name), { recursive: true, force: true });
          if (landedOutside) assert.equal(verdict, 'refused', `${segs.join('/')}: allowed, and the write landed outside the workspace`);
          if (!isInside(ws, file)) assert.equal(verdict, 'refused', file);
        }),
        { seed: SEED, numRuns: 300 },
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
