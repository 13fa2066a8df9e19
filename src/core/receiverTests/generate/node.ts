/**
 * The generated Node tests (node:test, vitest, jest; TypeScript or JavaScript; ES modules or CommonJS): a signing
 * helper that needs nothing but Node (crypto, fs, fetch), and a test file whose marked region sends the platform's
 * rule cases and every saved fixture to the receiver. The secret comes from an environment variable only.
 */
import { REGION_BEGIN, REGION_END, WHOLE_FILE_MARK } from './region';
import { emittedCases, ENV, relativeFrom, type GenerateOptions, type GeneratedFile } from './plan';
import type { TestStack } from './stack';

export const HELPER_BASENAME = 'transcrypts-signing';
export const TEST_BASENAME = 'transcrypts-receiver.test';

/** The files' extensions: .mjs/.cjs keep plain JavaScript loading the same way whatever package.json's "type" says. */
function extOf(s: TestStack): string {
  if (s.language === 'ts') return 'ts';
  return s.module === 'cjs' ? 'cjs' : 'mjs';
}

/**
 * How the test file names the helper: TypeScript in ES modules as `.js` (what nodenext requires, and what tsx,
 * vitest and bundler resolution map to the .ts); TypeScript under Jest (CommonJS) without an extension.
 */
function helperSpecifier(s: TestStack): string {
  if (s.language === 'ts') return s.module === 'esm' ? `./${HELPER_BASENAME}.js` : `./${HELPER_BASENAME}`;
  return `./${HELPER_BASENAME}.${extOf(s)}`;
}

export function nodeFiles(o: GenerateOptions): GeneratedFile[] {
  const ext = extOf(o.stack);
  return [
    { path: `${o.testDir}/${HELPER_BASENAME}.${ext}`, content: nodeHelper(o.stack), kind: 'helper' },
    { path: `${o.testDir}/${TEST_BASENAME}.${ext}`, content: nodeTest(o), kind: 'test' },
  ];
}

function nodeHelper(s: TestStack): string {
  const ts = s.language === 'ts';
  const esm = s.module === 'esm' || ts;
  /** A TypeScript annotation, or nothing in JavaScript. */
  const t = (annotation: string) => (ts ? annotation : '');
  const exp = esm ? 'export ' : '';
  const w: Writer = { t, exp, ts };
  const imports = esm
    ? `import { createHmac, randomBytes } from 'node:crypto';\nimport { readdirSync, readFileSync } from 'node:fs';\nimport { join } from 'node:path';`
    : `const { createHmac, randomBytes } = require('node:crypto');\nconst { readdirSync, readFileSync } = require('node:fs');\nconst { join } = require('node:path');`;
  const types = ts
    ? `
export type SignatureFormat = 'hex' | 'v1';
export interface Receiver { url: string; secret: string; format: SignatureFormat }
export interface DeliveryRequest { note: string; expect: 'accept' | 'refuse'; body: string; sign: 'valid' | 'none' | 'other-secret'; signOver?: string; padTo?: number }
export interface RuleCase { name: string; source: string; requests: DeliveryRequest[] }
export interface Fixture { rel: string; path: string }
`
    : '';
  return `// ${WHOLE_FILE_MARK} ("Generate Receiver Tests"). Regenerating rewrites this whole file: keep your own code elsewhere.
// Self-contained: Node's crypto, fs and fetch (Node 18 or later), nothing else. It signs as the platform does.
${imports}
${types}
/** The platform's rule: the receiver answers 2xx within 10 s, else the delivery counts as failed and is retried. */
${exp}const ANSWER_WITHIN_MS = 10_000;

/** X-WEBHOOK-SIGN: the HMAC-SHA256 of the raw body keyed with the environment's secret, lowercase hex (\`v1=<hex>\` on Truv). */
${exp}function sign(body${t(': string')}, secret${t(': string')}, format${t(': SignatureFormat')})${t(': string')} {
  const hex = createHmac('sha256', secret).update(body, 'utf8').digest('hex');
  return format === 'v1' ? \`v1=\${hex}\` : hex;
}

/** Where to send and what signs: ${ENV.url}, ${ENV.secret} and ${ENV.format}, else the defaults. */
${exp}function receiver(defaults${t(': { url: string; format: SignatureFormat }')})${t(': Receiver')} {
  const secret = process.env.${ENV.secret};
  if (!secret) throw new Error('Set ${ENV.secret} to the secret your receiver verifies signatures with (a test secret, never Production\\'s).');
  const format = process.env.${ENV.format} || defaults.format;
  if (format !== 'hex' && format !== 'v1') throw new Error(\`${ENV.format} must be hex or v1, not "\${format}".\`);
  return { url: process.env.${ENV.url} || defaults.url, secret, format };
}

/** The body with a "padding" field that makes it \`bytes\` long (a large payroll object). */
function padded(body${t(': string')}, bytes${t(': number')})${t(': string')} {
  const head = body.slice(0, -1) + (body.length > 2 ? ',' : '') + '"padding":"';
  return head + 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(head) - 2)) + '"}';
}

${helperSend(w)}
${helperFixtures(w)}${esm ? '' : '\nmodule.exports = { ANSWER_WITHIN_MS, sign, receiver, deliver, fixtures, fixtureRequest };\n'}`;
}


/** How the helper is written: TypeScript annotations (or none), and `export ` in ES modules. */
interface Writer {
  t: (annotation: string) => string;
  exp: string;
  ts: boolean;
}

/** The helper's sending part: the receiver's answer judged by the platform's rules. */
function helperSend({ t, exp, ts }: Writer): string {
  return `function unreachable(e${t(': unknown')}, url${t(': string')})${t(': string')} {
  const err = ${ts ? '(e ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } }' : 'e ?? {}'};
  if (err.name === 'TimeoutError') return \`No answer from \${url} within \${ANSWER_WITHIN_MS / 1000} s: the platform would have given up and retried.\`;
  if (err.cause?.code === 'ECONNREFUSED') return \`Connection refused at \${url}: start your receiver, or set ${ENV.url}.\`;
  return \`Could not reach \${url}: \${err.cause?.message ?? err.message ?? String(e)}\`;
}

/** Sends one request as the platform does and judges the answer by its rules; throws what went wrong. */
${exp}async function deliver(request${t(': DeliveryRequest')}, to${t(': Receiver')})${t(': Promise<void>')} {
  const body = request.padTo ? padded(request.body, request.padTo) : request.body;
  const headers${t(': Record<string, string>')} = { 'content-type': 'application/json', 'user-agent': 'Transcrypts-Receiver-Tests' };
  if (request.sign !== 'none') {
    const key = request.sign === 'other-secret' ? randomBytes(16).toString('hex') : to.secret;
    headers['x-webhook-sign'] = sign(request.signOver ?? body, key, to.format);
  }
  const started = performance.now();
  let status${t(': number')};
  let text${t(': string')};
  try {
    const res = await fetch(to.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 1_000) });
    status = res.status;
    text = (await res.text()).slice(0, 300);
  } catch (e) {
    throw new Error(unreachable(e, to.url));
  }
  const seconds = (performance.now() - started) / 1000;
  const said = \`Answered \${status} to \${request.note}\${text ? \` ("\${text}")\` : ''}\`;
  if (request.expect === 'accept' && (status < 200 || status > 299)) throw new Error(\`\${said}: the platform counts anything but 2xx as a failure and retries.\`);
  if (request.expect === 'refuse' && status < 300) throw new Error(\`\${said}: the receiver accepted a forged delivery. Verify X-WEBHOOK-SIGN over the raw body and answer 401.\`);
  if (request.expect === 'refuse' && (status < 400 || status > 499)) throw new Error(\`\${said}: refuse a forged delivery with a 4xx (401) before any handler runs.\`);
  if (seconds * 1000 > ANSWER_WITHIN_MS) throw new Error(\`Answered in \${seconds.toFixed(1)} s, over the platform's \${ANSWER_WITHIN_MS / 1000} s: it would count as failed and retry.\`);
}

`;
}

/** The helper's fixtures part: every saved fixture, read and sent as the platform would. */
function helperFixtures({ t, exp }: Writer): string {
  return `/** The saved fixtures under \`dir\`: every .json file (not .schema.json), sorted; none when the folder is absent. */
${exp}function fixtures(dir${t(': string')})${t(': Fixture[]')} {
  const out${t(': Fixture[]')} = [];
  const walk = (at${t(': string')}, rel${t(': string')}, depth${t(': number')})${t(': void')} => {
    let names${t(': string[]')};
    try {
      names = readdirSync(at, { withFileTypes: true }).map((d) => (d.isDirectory() ? d.name + '/' : d.name)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name.endsWith('/')) {
        if (depth < 16) walk(join(at, name), rel + name, depth + 1);
      } else if (name.endsWith('.json') && !name.endsWith('.schema.json')) {
        out.push({ rel: rel + name, path: join(at, name) });
      }
    }
  };
  walk(dir, '', 0);
  return out;
}

/** A fixture as the platform would send it: compact JSON, signed. */
${exp}function fixtureRequest(f${t(': Fixture')})${t(': DeliveryRequest')} {
  let payload${t(': unknown')};
  try {
    payload = JSON.parse(readFileSync(f.path, 'utf8'));
  } catch (e) {
    throw new Error(\`The fixture \${f.rel} is not valid JSON (\${e instanceof Error ? e.message : String(e)}). Fix or delete the file.\`);
  }
  return { note: \`the fixture \${f.rel}\`, expect: 'accept', sign: 'valid', body: JSON.stringify(payload) };
}
`;
}

function nodeTest(o: GenerateOptions): string {
  const s = o.stack;
  const ts = s.language === 'ts';
  const esm = s.module === 'esm';
  /** TypeScript (compiled by tsx or ts-jest) and ES modules import; CommonJS JavaScript requires. */
  const load = (names: string, from: string) => (ts || esm ? `import { ${names} } from '${from}';` : `const { ${names} } = require('${from}');`);
  const lines: string[] = [];
  if (s.runner === 'node:test') lines.push(load('test', 'node:test'));
  if (s.runner === 'vitest') lines.push(load('test', 'vitest'));
  if (s.runner === 'jest' && s.jestGlobalsImport) lines.push(load('test', '@jest/globals'));
  lines.push(load(esm ? 'dirname, join' : 'join', 'node:path'));
  if (esm) lines.push(load('fileURLToPath', 'node:url'));
  lines.push(load(`deliver, fixtureRequest, fixtures, receiver${ts ? ', type RuleCase' : ''}`, helperSpecifier(s)));
  // The folder of this file: import.meta in ES modules, __dirname in CommonJS (Jest, tsx without "type": "module").
  const here = esm ? 'dirname(fileURLToPath(import.meta.url))' : '__dirname';
  const cases = emittedCases(o.eventTypes);
  const timeout = s.runner === 'node:test' ? '{ timeout: 30_000 }, ' : '';
  const after = s.runner === 'node:test' ? '' : ', 30_000';
  return `// Receiver tests for the Transcrypts webhooks: the platform's rules and every saved fixture, sent signed to your
// receiver. Run with ${ENV.secret} set (the secret your receiver verifies with) and the receiver running;
// ${ENV.url} overrides the address below. Add your own tests above or below the generated region.

// ${REGION_BEGIN} — "Generate Receiver Tests" rewrites the lines up to the end marker; edit outside them.
${lines.join('\n')}

const DEFAULTS = { url: ${JSON.stringify(o.url)}, format: ${JSON.stringify(o.format)} }${ts ? ' as const' : ''};
const FIXTURES = join(${here}, ${JSON.stringify(relativeFrom(o.testDir, o.fixturesDir))});

/** The platform's rules (the Transcrypts docs: webhook deliveries), as the receiver tests in VS Code run them. */
const RULES${ts ? ': RuleCase[]' : ''} = ${JSON.stringify(cases, null, 2)};

for (const rule of RULES) {
  test(rule.name, ${timeout}async () => {
    const to = receiver(DEFAULTS);
    for (const request of rule.requests) await deliver(request, to);
  }${after});
}

for (const fixture of fixtures(FIXTURES)) {
  test(\`fixture \${fixture.rel}\`, ${timeout}async () => {
    await deliver(fixtureRequest(fixture), receiver(DEFAULTS));
  }${after});
}
// ${REGION_END}
`;
}
