/**
 * One rule for the host layer (src/vscode): features over a small platform floor.
 * - `platform/` (the seams: command registry, error funnel, context keys, constants, log, trust, settings, multi-step
 *   input) imports no feature;
 * - a feature is a folder (connection, sandbox, webhooks, view, history, fixtures, signature, listen, config,
 *   receiverTests, agent); every command is registered in a feature's `commands.ts`;
 * - no circle between features (imports of types included). `services.ts` (the composition root's bag of
 *   services) sits above the features whose services it names (connection, sandbox, view, signature: their commands
 *   take their own deps type) and below the features that take the bag; `startup.ts` (the start-up sequence) above.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const HOST = path.join(__dirname, '..', '..', 'src', 'vscode');
const ROOT_FILES = new Set(['services', 'startup']);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** The feature (top folder under src/vscode) of a file, or its name for a root file. */
function unitOf(file: string): string {
  const rel = path.relative(HOST, file).split(path.sep);
  return rel.length > 1 ? (rel[0] ?? '') : (rel[0] ?? '').replace(/\.ts$/, '');
}

/** Folder-level imports inside src/vscode: unit → the units it imports (values and types alike). */
export function hostGraph(sources: ReadonlyArray<{ file: string; text: string }>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { file, text } of sources) {
    const from = unitOf(file);
    for (const m of text.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)'/gm)) {
      const target = path.resolve(path.dirname(file), m[1] ?? '');
      if (!target.startsWith(HOST + path.sep)) continue;
      const to = unitOf(`${target}.ts`);
      if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** The circles of a graph (strongly connected parts of more than one unit). */
export function circles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) part.push(w);
      if (part.length > 1) out.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the host layer: features over a platform floor', () => {
  const sources = files(HOST).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  const graph = hostGraph(sources);

  it('keeps platform/ free of features (and of the services bag)', () => {
    assert.deepEqual([...(graph.get('platform') ?? [])], []);
  });

  it('registers every command in a feature\'s commands.ts', () => {
    const elsewhere = sources
      .filter(({ file, text }) => /\.register\(COMMANDS\./.test(text) && !(path.basename(file) === 'commands.ts' && unitOf(file) !== 'platform' && !ROOT_FILES.has(unitOf(file))))
      .map(({ file }) => path.relative(HOST, file));
    assert.deepEqual(elsewhere, []);
    assert.ok(sources.filter(({ file }) => path.basename(file) === 'commands.ts').length >= 10, 'the features\' commands.ts files are found');
  });

  it('gives every feature one wire.ts that extension.ts calls', () => {
    const features = fs.readdirSync(HOST, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'platform').map((d) => d.name);
    assert.deepEqual(features.filter((f) => !fs.existsSync(path.join(HOST, f, 'wire.ts'))), []);
    const extension = fs.readFileSync(path.join(HOST, '..', 'extension.ts'), 'utf8');
    assert.deepEqual(features.filter((f) => !extension.includes(`'./vscode/${f}/wire'`)), [], 'extension.ts wires each');
  });

  it('has no circle between features, services.ts and startup.ts (imports of types included)', () => {
    assert.deepEqual(circles(graph), []);
    // The features services.ts names take what they use as their own deps type, not the bag above them.
    assert.ok([...(graph.get('services') ?? [])].length >= 3, 'services.ts names the services of features below it');
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const planted = new Map([...hostGraph(sources)].map(([k, v]) => [k, new Set(v)]));
    planted.set('platform', new Set(['view']));
    assert.ok(circles(planted).some((c) => c.includes('platform') && c.includes('view')));
    assert.deepEqual(circles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])]])), []);
  });
});
