// A tiny webhook receiver for the Transcrypts sandbox: it verifies each delivery's X-WEBHOOK-SIGN and logs it.
// `npm start` in this folder (or `node receiver.mjs`); PORT (default 3000). It listens on 127.0.0.1 only.
// The secrets come from TRANSCRYPTS_WEBHOOK_SECRET, else from the sandbox's credentials.json one folder up.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URL } from 'node:url';

const port = Number(process.env.PORT ?? 3000);

function secrets() {
  if (process.env.TRANSCRYPTS_WEBHOOK_SECRET) return [process.env.TRANSCRYPTS_WEBHOOK_SECRET];
  const credentials = JSON.parse(readFileSync(new URL('../credentials.json', import.meta.url), 'utf8'));
  return Object.values(credentials.secrets);
}

/**
 * As the Transcrypts documents say: `X-WEBHOOK-SIGN` is the HMAC-SHA256 of the raw body keyed with the
 * environment's access secret, as lowercase hex, compared in constant time. Only that bare form is accepted.
 */
function signedBy(body, header, secret) {
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(expected, given);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const header = String(req.headers['x-webhook-sign'] ?? '');
    if (req.method !== 'POST') return answer(res, 405, 'POST a delivery here.');
    if (!secrets().some((s) => signedBy(body, header, s))) return answer(res, 401, 'The X-WEBHOOK-SIGN signature does not match.');
    let event;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return answer(res, 400, 'The body is not JSON.');
    }
    // Listen (VS Code) marks what it forwards: the same delivery may also come straight from the sandbox.
    const via = req.headers['x-transcrypts-forwarded'] ? ' (forwarded by Listen)' : '';
    console.log(`${new Date().toISOString()} ${event.event_type ?? '?'} ${event.webhook_id ?? ''} verified${via}`);
    answer(res, 200, 'ok');
  });
});

function answer(res, status, text) {
  if (status !== 200) console.log(`${new Date().toISOString()} ${status} ${text}`);
  res.writeHead(status, { 'Content-Type': 'text/plain' }).end(text);
}

server.listen(port, '127.0.0.1', () => console.log(`Receiver listening on http://127.0.0.1:${port}/webhooks/transcrypts`));
