import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Redactor } from '../../src/core/log/redact';
import { envOfSecret, isLoopbackHost, webhookUrlProblem } from '../../src/core/model';
import { signBody, signingFormat, verifySignature } from '../../src/core/signature';
import { partitionPoint } from '../../src/shared/partitionPoint';
import { cryptoRng, newId } from '../../src/core/samples/random';

describe('core helpers', () => {
  it('signs as bare hex or v1=<hex> (HMAC-SHA256 of the raw body) and verifies either in constant time', () => {
    // Known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    const hex = 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8';
    assert.equal(signBody('The quick brown fox jumps over the lazy dog', 'key', 'hex'), hex);
    assert.equal(signBody('The quick brown fox jumps over the lazy dog', 'key', 'v1'), `v1=${hex}`);
    assert.ok(verifySignature('{"a":1}', signBody('{"a":1}', 's', 'hex'), 's'));
    assert.ok(verifySignature('{"a":1}', signBody('{"a":1}', 's', 'v1'), 's'));
    assert.ok(!verifySignature('{"a": 1}', signBody('{"a":1}', 's', 'hex'), 's'));
    assert.ok(!verifySignature('{"a":1}', 'v1=00', 's'));
  });

  it('signs as the platform the connection talks to: bare hex for Transcrypts, v1= only for the Truv profile, unless overridden', () => {
    assert.equal(signingFormat('auto', undefined), 'hex', 'the Transcrypts API itself');
    assert.equal(signingFormat('auto', 'transcrypts'), 'hex');
    assert.equal(signingFormat('auto', 'truv'), 'v1');
    assert.equal(signingFormat('auto', 'a-profile-of-tomorrow'), 'hex', 'unknown: as the documents say');
    assert.equal(signingFormat('v1', undefined), 'v1');
    assert.equal(signingFormat('hex', 'truv'), 'hex');
  });

  it('reads the environment from a secret prefix', () => {
    assert.equal(envOfSecret('sandbox-abc'), 'sandbox');
    assert.equal(envOfSecret('prod-abc'), 'prod');
    assert.equal(envOfSecret('production-abc'), undefined);
    assert.equal(envOfSecret('dev-'), undefined);
  });

  it('judges webhook URLs and loopback hosts', () => {
    assert.equal(webhookUrlProblem('https://example.com/x'), undefined);
    assert.match(webhookUrlProblem('example.com') ?? '', /absolute URL/);
    assert.match(webhookUrlProblem('ws://example.com') ?? '', /http/);
    assert.match(webhookUrlProblem(`https://e.com/${'a'.repeat(2048)}`) ?? '', /limit is 2048/);
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('127.example.com') && !isLoopbackHost('10.0.0.1'));
  });

  it('redacts known secrets, secret-shaped words and the secret header', () => {
    const r = new Redactor();
    r.add('opaque-known-value');
    const out = r.redact('x opaque-known-value y sandbox-0123456789abcdef X-Access-Secret: whatever');
    assert.equal(out, 'x [redacted] y sandbox-[redacted] X-Access-Secret: [redacted]');
  });

  it('redacts a secret added after lines were redacted, and no longer one removed', () => {
    const r = new Redactor();
    r.add('first-known-value');
    assert.equal(r.redact('a first-known-value b later-known-value'), 'a [redacted] b later-known-value');
    r.add('later-known-value');
    assert.equal(r.redact('a first-known-value b later-known-value'), 'a [redacted] b [redacted]');
    r.remove('first-known-value');
    assert.equal(r.redact('a first-known-value b later-known-value'), 'a first-known-value b [redacted]');
  });

  it('redacts a known secret in its other encodings: base64, base64url, URL-encoded, hex', () => {
    const secret = 'k8Hq+2vN/0pL s7?=';
    const r = new Redactor();
    r.add(secret);
    const b = Buffer.from(secret);
    const forms = [b.toString('base64'), b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), encodeURIComponent(secret), b.toString('hex'), b.toString('hex').toUpperCase()];
    for (const f of forms) assert.equal(r.redact(`echo: ${f}.`), 'echo: [redacted].', f);
  });
});

describe('partitionPoint (the one binary search)', () => {
  it('finds where a prefix predicate turns false, as a scan does (any sorted list, any value)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 })), fc.integer({ min: -25, max: 25 }), (xs, x) => {
        const sorted = [...xs].sort((a, b) => a - b);
        let scan = 0;
        while (scan < sorted.length && (sorted[scan] as number) <= x) scan++;
        assert.equal(partitionPoint(sorted.length, (i) => (sorted[i] as number) <= x), scan);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the crypto source of the sandbox (one pool for ids and numbers)', () => {
  it('gives ids of 32 hex digits, none twice, across many refills of the pool', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    assert.ok(ids.every((id) => /^[0-9a-f]{32}$/.test(id)), ids.find((id) => !/^[0-9a-f]{32}$/.test(id)));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('never gives again a number of the pool before it (one pool is 1,024 numbers)', () => {
    // A pool used again instead of filled afresh would give each number again 1,024 draws later.
    const xs = Array.from({ length: 5000 }, () => cryptoRng.next());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const again = xs.findIndex((x, i) => i >= 1024 && x === xs[i - 1024]);
    assert.equal(again, -1, `number ${again} repeats number ${again - 1024}`);
  });
});
