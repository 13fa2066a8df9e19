import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deliveryIdOfLine, forwardLine, HEADER_BEGINS, HEADER_ENDS, pollErrorLine, printable } from '../../src/core/listen';

const at = new Date(2026, 10, 29, 9, 5, 7);

describe('listen: the terminal lines', () => {
  it('prints a forward as time, event type, delivery id, status and latency, and finds the id again', () => {
    const line = forwardLine({ deliveryId: 'a3f5b7c9d1e2f4a6b8c0d2e4f6a8b0c2', eventType: 'order-status-updated', webhookUrl: 'x', attempt: 1, attempts: 4, ok: true, status: 200, ms: 12 }, at, false);
    assert.equal(line, '09:05:07  order-status-updated            a3f5b7c9d1e2f4a6b8c0d2e4f6a8b0c2  → 200    12 ms');
    assert.deepEqual(deliveryIdOfLine(line), { id: 'a3f5b7c9d1e2f4a6b8c0d2e4f6a8b0c2', start: 42 });
    assert.equal(line.slice(42, 42 + 32), 'a3f5b7c9d1e2f4a6b8c0d2e4f6a8b0c2');
  });

  it('says why a forward failed and when it is tried again; colours only when asked', () => {
    const e = { deliveryId: 'd-1', eventType: 'link-connected', webhookUrl: 'x', attempt: 2, attempts: 4, ok: false, ms: 3, error: 'The connection was refused', retryInMs: 30_000 };
    const plain = forwardLine(e, at, false);
    assert.equal(plain, '09:05:07  link-connected                  d-1  → ERR     3 ms (attempt 2 of 4)  The connection was refused  retry in 30 s');
    assert.equal(deliveryIdOfLine(plain)?.id, 'd-1');
    const coloured = forwardLine(e, at, true);
    const ESC = String.fromCharCode(27);
    assert.ok(coloured.includes(`${ESC}[31mERR`));
    assert.equal(coloured.split(new RegExp(`${ESC}\\[\\d+m`)).join(''), plain);
    assert.equal(pollErrorLine({ message: 'HTTP 429', kind: 'rate_limited', retryInMs: 2500, fatal: false }, at, false), '09:05:07  history: HTTP 429 (next read in 3 s)');
  });

  it('shows text from the network without control characters, and an event name with spaces as one field', () => {
    assert.equal(printable('evil\x1b[2Jname\r\n'), 'evil?[2Jname??');
    assert.equal(printable('order\u202Edetaerc'), 'order?detaerc', 'a bidi override');
    const line = forwardLine({ deliveryId: 'id-9', eventType: 'a b\x1b', webhookUrl: 'x', attempt: 1, attempts: 1, ok: true, status: 204, ms: 1 }, at, false);
    assert.ok(!line.includes('\x1b'));
    assert.equal(deliveryIdOfLine(line)?.id, 'id-9');
    assert.equal(deliveryIdOfLine('09:05:07  history: HTTP 429 (next read in 3 s)'), undefined);
  });

  it('starts and ends the header with the lines the problem matcher $transcrypts-listen waits for', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { problemMatchers: Array<{ name: string; background: { beginsPattern: string; endsPattern: string } }> };
    };
    const m = manifest.contributes.problemMatchers.find((x) => x.name === 'transcrypts-listen');
    assert.ok(m);
    assert.match(`${HEADER_BEGINS}http://localhost:3000/webhooks`, new RegExp(m.background.beginsPattern));
    assert.match(`${HEADER_ENDS}Listening. Ctrl+C stops.`, new RegExp(m.background.endsPattern));
    // A forward line never ends the header again, nor begins one.
    const line = forwardLine({ deliveryId: 'x', eventType: 'order-created', webhookUrl: 'x', attempt: 1, attempts: 1, ok: true, status: 200, ms: 1 }, at, false);
    assert.doesNotMatch(line, new RegExp(m.background.beginsPattern));
    assert.doesNotMatch(line, new RegExp(m.background.endsPattern));
  });
});
