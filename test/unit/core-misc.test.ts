import { strict as assert } from 'node:assert';
import { Redactor } from '../../src/core/log/redact';
import { envOfSecret, isLoopbackHost, webhookUrlProblem } from '../../src/core/model';
import { signBody, verifySignature } from '../../src/core/signature';

describe('core helpers', () => {
  it('signs as v1=<hex HMAC-SHA256> and verifies in constant time', () => {
    // Known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    assert.equal(signBody('The quick brown fox jumps over the lazy dog', 'key'), 'v1=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
    assert.ok(verifySignature('{"a":1}', signBody('{"a":1}', 's'), 's'));
    assert.ok(!verifySignature('{"a": 1}', signBody('{"a":1}', 's'), 's'));
    assert.ok(!verifySignature('{"a":1}', 'v1=00', 's'));
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

  it('redacts a known secret in its other encodings: base64, base64url, URL-encoded, hex', () => {
    const secret = 'k8Hq+2vN/0pL s7?=';
    const r = new Redactor();
    r.add(secret);
    const b = Buffer.from(secret);
    const forms = [b.toString('base64'), b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), encodeURIComponent(secret), b.toString('hex'), b.toString('hex').toUpperCase()];
    for (const f of forms) assert.equal(r.redact(`echo: ${f}.`), 'echo: [redacted].', f);
  });
});
