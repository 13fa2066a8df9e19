/**
 * The hostile corpus: values a broken or malicious server could send (markup, paths, sizes, depth, encodings,
 * prototype keys, bidi controls), through every place that names, renders or types them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { buildFixtures, wellFormed } from '../../src/core/fixtures/build';
import { checkConfined, OutsideWorkspaceError } from '../../src/core/fixtures/confine';
import { payloadOfModule } from '../../src/core/fixtures/module';
import { sanitizeSegment } from '../../src/core/fixtures/naming';
import { typeName } from '../../src/core/fixtures/shape/schema';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { cut, displayText, escapeMd, formatDate, showControls, statusText } from '../../src/shared/display';
import { statusClassOf } from '../../src/shared/filters';
import { tempDir, tscStrict } from './helpers';

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { next: deep(n - 1) });

/** At least 50 values of every kind the attacker's server sent. */
export const HOSTILE: string[] = [
  // markup
  '![x](https://attacker.example/px)', '[click](command:workbench.action.quit)', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>',
  '**bold** _it_ `code`', '| a | b |\n|---|---|', '$(alert) codicon', '&lt;escaped&gt;', '<!-- comment -->', 'javascript:alert(1)',
  '2026-11-27 (![x](https://attacker.example/px))', 'https://attacker.example/?q=<b>', '# heading', '> quote', '~~strike~~',
  // paths
  '../../etc/passwd', '..\\..\\windows\\system32', '/absolute/path', 'C:\\Windows', '~/.ssh/id_rsa', 'a/b/../../c', '.hidden', '....',
  'CON', 'con.json', 'PRN', 'AUX.ts', 'NUL', 'COM1', 'lpt9.json', 'Com3', '%2e%2e%2f', 'file:///etc/passwd', '\\\\server\\share',
  // sizes
  'x'.repeat(1_000_000), 'y'.repeat(501), 'é'.repeat(300), '😀'.repeat(300), '',
  // encodings and controls
  'a\u202Eb', '\u2066iso\u2069', '\u200Fmark', 'line\u2028sep', 'para\u2029sep', 'lone \uD800 high', 'lone \uDC00 low', 'nul\u0000byte', 'cr\rlf\n',
  'zero\u200Bwidth', 'ﬁ ligature (NFKC)', 'Ａ fullwidth',
  // prototype and special keys
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
];

describe('hostile corpus: naming, rendering and typing server-sent values', () => {
  it('has at least 50 values', () => assert.ok(HOSTILE.length >= 50, String(HOSTILE.length)));

  it('names a file segment from every value: safe characters, never a name Windows reserves', () => {
    for (const v of HOSTILE) {
      const s = sanitizeSegment(v);
      assert.match(s, /^[A-Za-z0-9-][A-Za-z0-9._-]{0,99}$/, JSON.stringify(v.slice(0, 40)));
      assert.doesNotMatch(s, /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)/i, `${JSON.stringify(v)} → ${s}`);
    }
    assert.deepEqual(['CON', 'con.json', 'AUX.ts', 'COM1', 'lpt9.json', 'CONSOLE'].map(sanitizeSegment), ['CON_', 'con_.json', 'AUX_.ts', 'COM1_', 'lpt9_.json', 'CONSOLE']);
  });

  it('escapes every value in tooltip Markdown: no link, image, HTML or table break survives', () => {
    for (const v of HOSTILE) {
      const md = escapeMd(cut(v));
      // Every Markdown-active character is preceded by a backslash.
      assert.doesNotMatch(md.replace(/\\./g, ''), /[[\]()<>!`*_|#~$:]/, JSON.stringify(v.slice(0, 40)));
      assert.doesNotMatch(md, /[\n\r\u2028\u2029\u202E\u2066-\u2069]/, 'line breaks and bidi controls are visible escapes');
      assert.ok(md.length < 2_000, 'cut to a sane length');
    }
  });

  it('shows dates only when they are real dates, formatted by us', () => {
    assert.equal(formatDate('2022-05-04T11:30:00Z'), '2022-05-04 11:30:00 UTC');
    assert.equal(formatDate('2024-07-11T21:43:08.073930+00:00'), '2024-07-11 21:43:08 UTC');
    assert.equal(formatDate('2026-11-27 (![x](https://attacker.example/px))'), undefined, 'V8 parses it; we do not');
    for (const v of HOSTILE) assert.equal(formatDate(v), undefined, JSON.stringify(v.slice(0, 40)));
  });

  it('makes bidi controls and separators visible and cuts long values in labels', () => {
    assert.equal(showControls('a\u202Eb'), 'a\\u202Eb');
    assert.equal(displayText('line\u2028sep'), 'line\\u2028sep');
    const long = displayText('x'.repeat(1_000_000));
    assert.ok(long.length < 560 && long.endsWith('(999,500 more characters)'), long.slice(-40));
    assert.ok(!cut('😀'.repeat(300), 251).includes('\uD83D…'), 'a surrogate pair is never split');
  });

  it('shows a status outside 100–599 as invalid, not as a server error', () => {
    assert.deepEqual([-1, 0, 99, 600, 999, 1.5].map(statusClassOf), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    assert.deepEqual([100, 200, 302, 404, 503, null].map(statusClassOf), ['1xx', '2xx', '3xx', '4xx', '5xx', 'none']);
    assert.equal(statusText(999), 'invalid (999)');
    assert.equal(statusText(null), 'no response');
  });

  it('names interfaces the way the type generator does, for any event type', async () => {
    for (const e of ['order-created', 'e2e-test', '2fa-done', 'a1b2c3', 'x_y_z', '../../etc', '__proto__', '😀']) {
      const name = typeName(e);
      const code = await interfacesFor({ type: 'object', properties: { a: { type: 'string' } } }, name);
      assert.match(code, new RegExp(`export interface ${name} \\{`), `${e}: ${code.split('\n')[0] ?? ''}`);
    }
  });

  it('writes TypeScript fixtures of hostile payloads that keep data as data and compile --strict', async function () {
    this.timeout(60_000);
    const payloads: Record<string, unknown>[] = [
      JSON.parse('{"event_type":"e2e-test","webhook_id":"p1","__proto__":{"isAdmin":true},"constructor":{"prototype":1}}') as Record<string, unknown>,
      { event_type: 'order-created', webhook_id: 'p2', ['k\uD800ey']: 'v\uDC00', nested: { ['\uDBFF']: 1 } },
      { event_type: 'deep-event', webhook_id: 'p3', deep: deep(200) },
      { event_type: 'order-status-updated', webhook_id: 'p4', status: 'z'.repeat(1_000_000) },
      ...HOSTILE.slice(0, 20).map((v, i) => ({ event_type: v.slice(0, 60) || 'empty', webhook_id: `h${i}`, [v.slice(0, 80)]: v.slice(0, 1000) })),
    ];
    const rows = payloads.map((p) => ({ event_type: String(p.event_type), webhook_id: String(p.webhook_id), event_created_at: '2026-11-27T00:00:00Z', status_code: 200, payload: p }));
    const built = await buildFixtures(rows, { format: 'typescript', env: 'dev', folder: 'f', fileName: '{event_type}/{webhook_id}.json', redactRules: undefined, interfacesFor });
    assert.equal(built.files.length, rows.length);
    assert.equal(built.replaced, 3, 'three lone surrogates replaced, and said');
    const dir = tempDir('hostile-');
    try {
      const files = built.files.map((f, i) => {
        const file = path.join(dir, `m${i}.ts`);
        fs.writeFileSync(file, f.content);
        return file;
      });
      assert.deepEqual(tscStrict(files), []);
      // The prototype key is an own property: the object's prototype is untouched.
      const text = new TextDecoder().decode(built.files[0]?.content);
      const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      const mod: { exports: { payload?: Record<string, unknown> } } = { exports: {} };
      new Function('module', 'exports', js)(mod, mod.exports);
      const payload = mod.exports.payload;
      assert.ok(payload);
      assert.equal(Object.getPrototypeOf(payload), Object.prototype);
      assert.equal((payload as { isAdmin?: unknown }).isAdmin, undefined);
      assert.ok(Object.hasOwn(payload, '__proto__'));
      // And the module reads back as the same JSON (the drift check and Compare With read it).
      assert.deepEqual(JSON.parse(payloadOfModule(text)?.json ?? 'null'), wellFormed(payloads[0]).value);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile workspace: writes through symbolic links', () => {
  it('confines a write on the real path and names the link that leaves the workspace', async () => {
    const ws = tempDir('ws-');
    const outside = tempDir('outside-');
    try {
      fs.mkdirSync(path.join(ws, 'test'), { recursive: true });
      fs.symlinkSync(outside, path.join(ws, 'test', 'fixtures'));
      fs.mkdirSync(path.join(ws, 'real', 'deep'), { recursive: true });
      fs.symlinkSync(outside, path.join(ws, 'real', 'deep', 'schemas'));
      fs.symlinkSync(path.join(ws, 'real'), path.join(ws, 'inside-link'));
      await assert.rejects(checkConfined(ws, path.join(ws, 'test/fixtures/transcrypts/order-created/a.json')), (e: unknown) => e instanceof OutsideWorkspaceError && /test\/fixtures is a symbolic link to .*outside the workspace folder/.test(e.message));
      await assert.rejects(checkConfined(ws, path.join(ws, 'real/deep/schemas/x.schema.json')), /real\/deep\/schemas is a symbolic link/);
      // Links that stay inside, and paths that do not exist yet, are fine.
      await checkConfined(ws, path.join(ws, 'inside-link/new/folder/a.json'));
      await checkConfined(ws, path.join(ws, 'not/yet/there.json'));
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written outside');
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
