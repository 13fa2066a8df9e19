import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FOLDER, DEFAULT_PATTERN, fixtureContent, fixtureRelativePath, isInside, patternProblem, sanitizeSegment, withSuffix } from '../../src/core/fixtures/naming';
import { matchesLocal, newerRows, relativeTime, statusClassOf } from '../../src/shared/filters';
import { toListRow, type ListRow, type Row } from '../../src/shared/protocol';
import { tempDir } from './helpers';

const base = { event_type: 'order-created', event_created_at: '2026-11-27T10:11:12.123456Z', webhook_id: 'a'.repeat(32), status_code: 200, env: 'sandbox' };

/** Event types and ids a hostile or broken server could send. */
const HOSTILE = [
  '../../../etc/passwd',
  '..',
  '.',
  '/absolute/path',
  'C:\\Windows\\system32',
  '\\\\server\\share',
  'a/b/c',
  '..\\..\\x',
  'name\u0000with-nul',
  '~/.ssh/id_rsa',
  '.hidden',
  '%2e%2e%2f',
  'x'.repeat(5000),
  'événement-✓-🚀',
  '',
  'CON',
  'a:b*c?d"e<f>g|h',
];

describe('fixture names', () => {
  it('follows the default pattern', () => {
    assert.equal(fixtureRelativePath(base), `test/fixtures/transcrypts/order-created/2026-11-27T10-11-12.123456Z-${'a'.repeat(32)}.json`);
    assert.equal(fixtureRelativePath({ ...base, status_code: null }, 'fx', '{env}/{date}/{status_code}.json'), 'fx/sandbox/2026-11-27/none.json');
  });

  it('never leaves the folder, whatever the event type or id', () => {
    const root = tempDir('tw-fx-');
    const written = new Set<string>();
    for (const evil of HOSTILE) {
      for (const src of [{ ...base, event_type: evil }, { ...base, webhook_id: evil }, { ...base, event_created_at: evil }]) {
        const rel = fixtureRelativePath(src, DEFAULT_FOLDER, DEFAULT_PATTERN);
        assert.ok(!rel.split('/').some((s) => s === '..' || s === '.' || s === ''), rel);
        assert.match(rel, /^[A-Za-z0-9._\-/]+$/, rel);
        const abs = path.join(root, rel);
        assert.ok(isInside(path.join(root, DEFAULT_FOLDER), abs), `${JSON.stringify(evil)} → ${rel}`);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, fixtureContent({ evil }));
        written.add(abs);
      }
    }
    // Everything written is under the folder: walk the whole temp root.
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(root)) assert.ok(f.startsWith(path.join(root, DEFAULT_FOLDER) + path.sep), f);
    assert.ok(written.size > 10);
  });

  it('refuses absolute and climbing folders and patterns, and unknown placeholders', () => {
    assert.match(patternProblem('/tmp/x', 'folder') ?? '', /relative/);
    assert.match(patternProblem('../x', 'folder') ?? '', /must not contain ".."/);
    assert.match(patternProblem('a/../../b.json', 'fileName') ?? '', /\.\./);
    assert.match(patternProblem('C:\\x', 'folder') ?? '', /relative/);
    assert.match(patternProblem('{nope}.json', 'fileName') ?? '', /Unknown placeholder \{nope\}/);
    assert.equal(patternProblem(DEFAULT_PATTERN, 'fileName'), undefined);
    assert.throws(() => fixtureRelativePath(base, '../out'), /must not contain/);
  });

  it('sanitizes segments and numbers duplicates', () => {
    assert.equal(sanitizeSegment('../..'), 'unnamed');
    assert.equal(sanitizeSegment('a b/c'), 'a_b_c');
    assert.equal(sanitizeSegment('.env'), 'env');
    assert.equal(sanitizeSegment('x'.repeat(300)).length, 100);
    assert.equal(withSuffix('a/b.json', 2), 'a/b-2.json');
    assert.equal(fixtureContent({ a: 1 }), '{\n  "a": 1\n}\n');
  });
});

describe('history filters on loaded rows', () => {
  // As the panel's list holds them: the payload as its JSON text, which the search reads.
  const row = (over: Partial<Row>): ListRow => toListRow({ key: 1, webhook_id: 'w', event_type: 'order-created', event_created_at: 't', status_code: 200, error_message: null, webhook_url: 'u', payload: { name: 'Ada' }, ...over });

  it('classifies statuses and matches class and text', () => {
    assert.deepEqual([200, 302, 404, 503, null].map(statusClassOf), ['2xx', '3xx', '4xx', '5xx', 'none']);
    assert.ok(matchesLocal(row({}), { statusClass: '2xx', text: 'ADA' }));
    assert.ok(!matchesLocal(row({}), { statusClass: 'none' }));
    assert.ok(!matchesLocal(row({}), { text: 'grace' }));
    assert.ok(matchesLocal(row({ status_code: null, error_message: 'Connection refused' }), { statusClass: 'none', text: 'refused' }));
  });

  it('keeps only rows newer than the current top on auto-refresh', () => {
    const a = row({ key: 1, webhook_id: 'a' });
    const b = row({ key: 2, webhook_id: 'b' });
    const c = row({ key: 3, webhook_id: 'c' });
    assert.deepEqual(newerRows([a, b, c], { ...b, key: 99 }).map((r) => r.webhook_id), ['a']);
    assert.deepEqual(newerRows([a, b], undefined).length, 2);
    assert.deepEqual(newerRows([a, b], row({ webhook_id: 'zzz' })).length, 2);
  });

  it('says relative times', () => {
    const now = Date.parse('2026-11-28T00:00:00Z');
    assert.equal(relativeTime('2026-11-27T23:59:50Z', now), 'just now');
    assert.equal(relativeTime('2026-11-27T23:30:00Z', now), '30 min ago');
    assert.equal(relativeTime('2026-11-27T20:00:00Z', now), '4 h ago');
    assert.equal(relativeTime('2026-11-25T00:00:00Z', now), '3 days ago');
  });
});
