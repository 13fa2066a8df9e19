import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '../../src/core/fixtures/canonical';
import { DEFAULT_REDACT_KEYS, parsePath, placeholder, redact } from '../../src/core/fixtures/redact';

const pii = {
  webhook_id: 'a'.repeat(32),
  event_type: 'profile-updated',
  profile: {
    first_name: 'Ada',
    Last_Name: 'Lovelace',
    email: 'ada@example.com',
    ssn: '123-45-6789',
    date_of_birth: '1815-12-10',
    address: { street: '12 St James Sq', city: 'London', zip: 'SW1Y 4JH' },
    phone: 447700900123,
  },
  accounts: [
    { account_number: '000123456789', routing_number: '021000021', balance: 12.5 },
    { account_number: '000987654321', routing_number: '021000021', balance: 3 },
  ],
  employer: { name: 'Analytical Engines Ltd', id: 'emp_1' },
};
const SECRETS = ['Ada', 'Lovelace', 'ada@example.com', '123-45-6789', '1815-12-10', '12 St James Sq', 'London', 'SW1Y 4JH', '447700900123', '000123456789', '021000021', '000987654321', 'Analytical Engines Ltd'];

describe('canonical JSON', () => {
  it('sorts keys at every depth so only real differences show', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }), '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
    assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
  });
});

describe('redaction', () => {
  it('leaves no value of the default rule set in the written text, and keeps the shape', () => {
    const { value, count } = redact(pii);
    const text = JSON.stringify(value, null, 2);
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} survived`);
    assert.ok(count >= SECRETS.length);
    const v = value as typeof pii;
    assert.equal(v.webhook_id, pii.webhook_id);
    assert.equal(v.accounts[0]?.balance, 12.5);
    assert.equal(v.employer.id, 'emp_1');
    assert.deepEqual(Object.keys(v.profile.address), ['street', 'city', 'zip']);
  });

  it('is deterministic: the same value gives the same placeholder, across fixtures and runs', () => {
    const a = redact(pii).value as typeof pii;
    const b = redact(structuredClone(pii)).value as typeof pii;
    assert.deepEqual(a, b);
    assert.equal(a.accounts[0]?.routing_number, a.accounts[1]?.routing_number, 'one routing number, one placeholder');
    assert.notEqual(a.accounts[0]?.account_number, a.accounts[1]?.account_number);
    assert.equal(placeholder('ssn', '123-45-6789'), 'redacted-ssn-' + placeholder('ssn', '123-45-6789').slice(-8));
  });

  it('takes JSON paths and custom keys', () => {
    assert.deepEqual(parsePath('$.accounts[*].balance'), ['accounts', '*', 'balance']);
    const { value } = redact(pii, ['$.accounts[*].balance', 'id']);
    const v = value as typeof pii;
    assert.match(String(v.accounts[1]?.balance), /^redacted-balance-/);
    assert.match(v.employer.id, /^redacted-id-/);
    assert.equal(v.profile.first_name, 'Ada', 'only the given rules apply');
    assert.ok(DEFAULT_REDACT_KEYS.includes('routing_number'));
  });

  it('ships the same default rules in the setting as in the code', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    assert.deepEqual(pkg.contributes.configuration.properties['transcrypts.fixtures.redactRules']?.default, DEFAULT_REDACT_KEYS);
  });
});
