/**
 * Secrets in what a server says (F-D): a hostile server echoing the secret in any encoding it likes — base64 at any
 * alignment (Basic auth's `id:secret`), base64url, `%xx` in either case, JSON `\u` escapes, reversed — must not get
 * it into an error's message (the panel banner) or the log. Seeded fast-check properties over secrets and
 * encodings, and the client against a real server that echoes them.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ApiError } from '../../src/core/api/errors';
import { TranscryptsClient } from '../../src/core/api/client';
import { Redactor, scrubSecrets, serverExcerpt } from '../../src/core/log/redact';
import { testServer } from './helpers';

/** The ways a server may write the secret, each inside other text. */
const ENCODINGS: Record<string, (secret: string, around: Buffer) => string> = {
  raw: (s) => s,
  reversed: (s) => [...s].reverse().join(''),
  base64: (s, around) => Buffer.concat([around, Buffer.from(s), around]).toString('base64'),
  base64url: (s, around) => Buffer.concat([around, Buffer.from(s), around]).toString('base64url'),
  basicAuth: (s) => `Basic ${Buffer.from(`0123456789abcdef0123456789abcdef:${s}`).toString('base64')}`,
  percentUpper: (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
  percentLower: (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  uriLower: (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  jsonEscapes: (s) => Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  jsonEscapesUpper: (s) => Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()}`).join(''),
  hex: (s) => Buffer.from(s).toString('hex'),
};

/** Whether `text` still carries the secret: read back from every encoding above, at every offset. */
function carries(text: string, secret: string): boolean {
  const bytes = Buffer.from(secret).toString('latin1');
  const percent = Buffer.from(text.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('latin1');
  const escapes = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const hex = (text.match(/[0-9a-fA-F]{8,}/g) ?? []).flatMap((run) => [run, run.slice(1)]).map((run) => Buffer.from(run.slice(0, run.length - (run.length % 2)), 'hex').toString('latin1'));
  const views = [text, [...text].reverse().join(''), percent, escapes, ...hex];
  return views.some((v) => v.includes(secret) || v.includes(bytes)) || decodes(text, secret);
}

/** Decodes every base64/base64url run of the text at every offset and looks for the secret. */
function decodes(text: string, secret: string): boolean {
  const bytes = Buffer.from(secret).toString('latin1');
  for (const run of text.match(/[A-Za-z0-9+/=_-]{8,}/g) ?? []) {
    for (let k = 0; k < 4; k++) {
      for (const enc of ['base64', 'base64url'] as const) {
        if (Buffer.from(run.slice(k), enc).toString('latin1').includes(bytes)) return true;
      }
    }
  }
  return false;
}

const secretArb = fc.string({ unit: 'grapheme-ascii', minLength: 16, maxLength: 48 }).filter((s) => s.trim() === s && !/\s/.test(s));
const aroundArb = fc.uint8Array({ minLength: 0, maxLength: 5 }).map((a) => Buffer.from(a));

describe('secrets in what a server says (F-D)', () => {
  it('property: every encoding of the secret, at any alignment inside other text, is removed by the known-secret scrub', () => {
    fc.assert(
      fc.property(secretArb, aroundArb, fc.constantFrom(...Object.keys(ENCODINGS)), fc.string({ maxLength: 20 }), (secret, around, encoding, noise) => {
        const said = `${noise} error: ${ENCODINGS[encoding]?.(secret, around) ?? ''} ${noise}`;
        const out = scrubSecrets(said, [secret]);
        assert.ok(!carries(out, secret), `${encoding}: ${out}`);
        const logged = new Redactor();
        logged.add(secret);
        assert.ok(!carries(logged.redact(said), secret), `log, ${encoding}`);
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });

  it('property: a server excerpt has no secret-shaped run, even of a secret it was not told (another environment\'s)', () => {
    fc.assert(
      fc.property(secretArb.filter((x) => x.length >= 25), aroundArb, fc.constantFrom('base64', 'base64url', 'basicAuth', 'hex'), (secret, around, encoding) => {
        const said = `Invalid credentials ${ENCODINGS[encoding]?.(secret, around) ?? ''}.`;
        const out = serverExcerpt(said, []);
        assert.ok(!carries(out, secret), out);
      }),
      { seed: 20261206, numRuns: 300 },
    );
    assert.equal(serverExcerpt('ab '.repeat(300), []).length, 501, 'bounded');
    for (const id of ['3fa85f64-5717-4562-b3fc-2c963f66afa6', 'd5f1b19db1faf11bc2b45d99786845e6']) assert.equal(serverExcerpt(`Not found: webhook ${id}.`, []), `Not found: webhook ${id}.`, 'ids stay');
  });

  it('the client shows neither the secret nor a header or body beyond the documented fields, whatever the server echoes', async () => {
    const secret = 'dev-Zq3xV9k2LmN8pQ4rT6wY1aB5cD7eF0gH';
    let said = '';
    const srv = await testServer((q, _b, res) => {
      said = `Bad key ${Buffer.from(`c:${q.headers['x-access-secret'] as string}`).toString('base64')} / ${encodeURIComponent(secret).toLowerCase()} / ${[...secret].reverse().join('')}`;
      res.writeHead(401, { 'Content-Type': 'application/json', 'X-Echo': secret }).end(JSON.stringify({ error: { code: 'authentication_failed', message: said, extra: { debug: secret } } }));
    });
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'c'.repeat(32), secret, env: 'dev', maxRetries: 0 });
      const e = await c.listWebhooks().then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof ApiError);
      const everything = `${e.message} ${JSON.stringify(e)}`;
      assert.ok(!carries(everything, secret), everything);
      assert.ok(!everything.includes('X-Echo') && !everything.includes('debug'), 'no header, no undocumented field');
      assert.match(said, /Bad key/, 'the server did echo it');
    } finally {
      await srv.close();
    }
  });
});
