/**
 * `npm run bench` (part): bulk Save as Fixture of 1,000 deliveries of the seeded sandbox's history, as JSON and as
 * TypeScript with types, through the same builder the extension uses (redaction, shapes, schemas, modules), then
 * written to disk. The extension writes through VS Code's file API instead of node:fs; that cost is not here.
 * Also: the drift check's comparison of those fixtures with recent deliveries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TranscryptsClient } from '../../src/core/api/client';
import { buildFixtures, type FixtureInput, type OutputFormat } from '../../src/core/fixtures/build';
import { driftOf, fetchReference, parseFixture, type Reference } from '../../src/core/fixtures/driftCheck';
import { DEFAULT_FOLDER, DEFAULT_PATTERN } from '../../src/core/fixtures/naming';
import { DEFAULT_REDACT_KEYS } from '../../src/core/fixtures/redact';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { startSandbox } from '../../src/sandbox';
import { median, report } from './report';

async function saveAll(rows: FixtureInput[], format: OutputFormat, dir: string): Promise<{ ms: number; files: number; bytes: number }> {
  const t = performance.now();
  const built = await buildFixtures(rows, { format, env: 'sandbox', folder: DEFAULT_FOLDER, fileName: DEFAULT_PATTERN, redactRules: DEFAULT_REDACT_KEYS, interfacesFor });
  let bytes = 0;
  const dirs = new Set([...built.files, ...built.schemas].map((f) => path.dirname(path.join(dir, f.rel))));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  await Promise.all(
    [...built.files, ...built.schemas].map((f) => {
      bytes += f.content.byteLength;
      return fs.promises.writeFile(path.join(dir, f.rel), f.content);
    }),
  );
  return { ms: performance.now() - t, files: built.files.length, bytes };
}

async function main(): Promise<void> {
  const s = await startSandbox({ profile: 'truv', seed: true, seedDeliveries: 2000 });
  try {
    const client = new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: s.credentials.secrets.sandbox ?? '' });
    const rows: FixtureInput[] = [];
    for await (const page of client.historyPages({ pageSize: 500 })) {
      for (const r of page.results) rows.push({ ...r, payload: r.webhook_payload });
      if (rows.length >= 1000) break;
    }
    rows.length = Math.min(rows.length, 1000);
    const types = new Set(rows.map((r) => r.event_type)).size;
    // One unmeasured run of each format first: module loading and JIT warm-up are not the steady state.
    for (const format of ['json', 'typescript'] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-bench-fixtures-'));
      await saveAll(rows, format, dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const format of ['json', 'typescript'] as const) {
      const runs: { ms: number; files: number; bytes: number }[] = [];
      for (let i = 0; i < 5; i++) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-bench-fixtures-'));
        runs.push(await saveAll(rows, format, dir));
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const ms = median(runs.map((r) => r.ms));
      const first = runs[0];
      report(
        `bulk save, ${first?.files ?? 0} deliveries (${types} event types) as ${format === 'json' ? 'JSON' : 'TypeScript'}`,
        `${ms.toFixed(0)} ms (${Math.round(((first?.files ?? 0) / ms) * 1000)} files/s, ${((first?.bytes ?? 0) / 1024 / 1024).toFixed(1)} MB + ${types} schemas)`,
      );
    }
    // The drift check's work: 1,000 JSON fixtures parsed and compared with the 20 newest deliveries of each type.
    const built = await buildFixtures(rows, { format: 'json', env: 'sandbox', folder: DEFAULT_FOLDER, fileName: DEFAULT_PATTERN, redactRules: DEFAULT_REDACT_KEYS });
    const texts = built.files.map((f) => new TextDecoder().decode(f.content));
    const t0 = performance.now();
    const refs = new Map<string, Reference>();
    for (const type of new Set(rows.map((r) => r.event_type))) {
      const ref = await fetchReference(client, type, 20, DEFAULT_REDACT_KEYS);
      if (ref) refs.set(type, ref);
    }
    const fetched = performance.now() - t0;
    let differences = 0;
    for (const text of texts) {
      const f = parseFixture(text, 'json');
      if ('problem' in f) continue;
      const ref = refs.get(f.eventType);
      if (ref) differences += driftOf(f, ref).length;
    }
    const total = performance.now() - t0;
    report(`drift check, ${texts.length} fixtures vs 20 newest per type (${refs.size} types)`, `${total.toFixed(0)} ms (fetch ${fetched.toFixed(0)} ms; ${differences} differences)`);
  } finally {
    await s.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
