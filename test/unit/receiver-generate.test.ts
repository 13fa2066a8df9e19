/**
 * Generate Receiver Tests (src/core/receiverTests/generate): the stack a project names, the marked region that
 * keeps the user's edits, and the generated files run for real — `node --test` (JavaScript, and TypeScript through
 * tsx) and pytest (Debian's python3-pytest) — against the Python receiver written from the platform's documents
 * (they pass) and a lax one (the forgery cases fail). The TypeScript variants compile with tsc --strict.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { EVENT_TYPES } from '../../src/core/events';
import { ALL_STACKS, detectStacks, ENV, generateFiles, planWrites, runCommand, stackLabel, testDirFor, type GenerateOptions, type TestStack } from '../../src/core/receiverTests/generate';
import { relativeFrom } from '../../src/core/receiverTests/generate/plan';
import { pyLiteral } from '../../src/core/receiverTests/generate/python';
import { mergeRegion, REGION_BEGIN, REGION_END } from '../../src/core/receiverTests/generate/region';
import { spawnServer, tempDir, type SpawnedServer } from './helpers';

const SECRET = 'generated-tests-secret-0123456789';
const PY = path.join(__dirname, '../receivers/documented_receiver.py');
const REPO = path.join(__dirname, '../..');

const python = (...flags: string[]): Promise<SpawnedServer> =>
  spawnServer('python3', [PY, ...flags], { env: { TRANSCRYPTS_WEBHOOK_SECRET: SECRET }, ready: /^listening on (http:\S+)$/ });

/** A Python that has pytest: the one on PATH, else Debian's (python3-pytest, which npm test installs). */
async function pythonWithPytest(): Promise<string> {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if ((await run(candidate, ['-c', 'import pytest'], REPO, {})).code === 0) return candidate;
  }
  throw new Error('No Python with pytest: install Debian\'s python3-pytest (npm test installs it).');
}

const stack = (runner: TestStack['runner'], language: TestStack['language']): TestStack => {
  const s = ALL_STACKS.find((x) => x.runner === runner && x.language === language);
  if (!s) throw new Error(`no stack ${runner} ${language}`);
  return s;
};

/** Writes the generated files into a fresh project with one fixture (and, when asked, one that is not JSON). */
function project(o: Partial<GenerateOptions> & { stack: TestStack }, extra: Record<string, string> = {}): { dir: string; test: string } {
  const dir = tempDir('tw-gen-');
  const opts: GenerateOptions = { url: 'http://127.0.0.1:9/webhooks', format: 'hex', fixturesDir: 'test/fixtures/transcrypts', testDir: 'test', ...o };
  const files = { ...Object.fromEntries(generateFiles(opts).map((f) => [f.path, f.content])), 'test/fixtures/transcrypts/order-created/order-1.json': JSON.stringify({ webhook_id: 'w1', event_type: 'order-created', status: 'pending', note: 'Zoë ✓' }, null, 2), ...extra };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { dir, test: generateFiles(opts).find((f) => f.kind === 'test')?.path ?? '' };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (e, stdout, stderr) => {
      const code = e ? (typeof e.code === 'number' ? e.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

const RULES = EVENT_TYPES.length + 8;

describe('Generate Receiver Tests: the stack a project names', () => {
  it('reads vitest, jest and node:test from package.json, TypeScript when the project can run it, pytest from Python manifests', () => {
    const pkg = (o: object) => JSON.stringify(o);
    const first = (p: Parameters<typeof detectStacks>[0]) => detectStacks(p).map(stackLabel);
    const none = { hasTsconfig: false, testDirs: [] };
    assert.deepEqual(first({ ...none, packageJson: pkg({ devDependencies: { vitest: '^3', typescript: '^5' } }) }), ['vitest (TypeScript)', 'node:test (JavaScript)']);
    assert.deepEqual(first({ ...none, packageJson: pkg({ devDependencies: { jest: '^29' } }) }), ['jest (JavaScript)', 'node:test (JavaScript)']);
    assert.deepEqual(first({ ...none, packageJson: pkg({ devDependencies: { jest: '^29', 'ts-jest': '^29' } }) }).slice(0, 1), ['jest (TypeScript)']);
    assert.equal(detectStacks({ ...none, packageJson: pkg({ devDependencies: { jest: '^29', 'ts-jest': '^29' } }) })[0]?.jestGlobalsImport, true, 'no @types/jest: test comes from @jest/globals');
    assert.deepEqual(first({ ...none, packageJson: pkg({ scripts: { test: 'node --test' }, devDependencies: { jest: '^29' } }) })[0], 'node:test (JavaScript)', 'the test script runs node --test');
    assert.deepEqual(first({ ...none, hasTsconfig: true, packageJson: pkg({ type: 'module', devDependencies: { tsx: '^4' } }) }), ['node:test (TypeScript)']);
    assert.deepEqual(first({ ...none, pyproject: '[project]\nname = "rx"\n[tool.pytest.ini_options]\n' }), ['pytest (Python)']);
    assert.deepEqual(first({ ...none, packageJson: pkg({}), requirements: 'flask\npytest\n' }), ['pytest (Python)', 'node:test (JavaScript)'], 'Python names pytest, Node names no runner');
    assert.deepEqual(first({ ...none, packageJson: '{ not json' }), ['node:test (JavaScript)'], 'a broken package.json still says Node');
    assert.deepEqual(first(none), [], 'nothing named: the user picks');
  });

  it('writes into the project\'s test folder and finds the fixtures from there', () => {
    assert.equal(testDirFor(stack('pytest', 'py'), { testDirs: ['test', 'tests'] }), 'tests');
    assert.equal(testDirFor(stack('vitest', 'ts'), { testDirs: ['tests'] }), 'tests');
    assert.equal(testDirFor(stack('node:test', 'js'), { testDirs: [] }), 'test');
    assert.equal(relativeFrom('tests', 'test/fixtures/transcrypts'), '../test/fixtures/transcrypts');
    assert.equal(relativeFrom('test', 'test/fixtures'), 'fixtures');
    assert.equal(relativeFrom('test', 'test'), '.');
    assert.equal(runCommand(stack('pytest', 'py'), 'tests/test_transcrypts_receiver.py'), `${ENV.secret}=<your test secret> python3 -m pytest tests/test_transcrypts_receiver.py`);
  });

  it('writes the same bytes when nothing changed, and never the secret', () => {
    for (const s of ALL_STACKS) {
      const o: GenerateOptions = { stack: s, url: 'http://localhost:3000/webhooks', format: 'hex', fixturesDir: 'test/fixtures', testDir: 'test' };
      assert.deepEqual(generateFiles(o), generateFiles(o), stackLabel(s));
      for (const f of generateFiles(o)) assert.ok(f.content.includes(ENV.secret) && !/secret\s*[:=]\s*["'][^"']+["']/i.test(f.content), `${f.path}: the secret comes from ${ENV.secret} only`);
    }
  });

  it('pyLiteral writes Python data (True, False, None; JSON strings are Python strings)', () => {
    assert.equal(pyLiteral({ a: [true, false, null, 1.5, 'x"y\\n'] }), '{\n    "a": [\n        True,\n        False,\n        None,\n        1.5,\n        "x\\"y\\\\n",\n    ],\n}');
  });
});

describe('Generate Receiver Tests: regenerating keeps the user\'s edits', () => {
  const o: GenerateOptions = { stack: stack('node:test', 'js'), url: 'http://localhost:3000/webhooks', format: 'hex', fixturesDir: 'test/fixtures', testDir: 'test' };
  const [helper, test] = generateFiles(o);

  it('replaces only the marked region; what is above and below it stays', () => {
    assert.ok(helper && test);
    const mine = `// my import\nimport assert from 'node:assert';\n${test.content.replace('"http://localhost:3000/webhooks"', '"http://old"')}\ntest('my own test', () => assert.ok(true));\n`;
    const merged = mergeRegion(mine, test.content, test.path);
    assert.ok('content' in merged);
    assert.ok(merged.content.startsWith('// my import\nimport assert'), 'above kept');
    assert.ok(merged.content.endsWith(`\ntest('my own test', () => assert.ok(true));\n`), 'below kept');
    assert.ok(merged.content.includes('"http://localhost:3000/webhooks"') && !merged.content.includes('"http://old"'), 'the region is new');
    assert.deepEqual(mergeRegion(merged.content, test.content, test.path), { content: merged.content, changed: false });
  });

  it('leaves a file that is not generated, or whose markers are broken, as it is and says why', () => {
    assert.ok(helper && test);
    const plan = planWrites([helper, test], (p) => (p === test.path ? 'test("mine", () => {});\n' : undefined));
    assert.deepEqual(plan.writes, [], 'all or nothing: no helper without its test');
    assert.match(plan.problems[0] ?? '', /^test\/transcrypts-receiver\.test\.mjs exists and is not a generated file \(no ">>> transcrypts:generated" line\): it was left as it is\./);
    const twice = `${test.content}\n${test.content}`;
    assert.match(JSON.stringify(mergeRegion(twice, test.content, test.path)), /markers out of order or twice/);
    const swapped = `// ${REGION_END}\nx\n// ${REGION_BEGIN}\n`;
    assert.match(JSON.stringify(mergeRegion(swapped, test.content, test.path)), /markers out of order or twice/);
    const userHelper = planWrites([helper, test], (p) => (p === helper.path ? 'export const mine = 1;\n' : undefined));
    assert.match(userHelper.problems[0] ?? '', /transcrypts-signing\.mjs exists and was not generated/);
    const regenerated = planWrites([helper, test], (p) => (p === helper.path ? helper.content : p === test.path ? test.content : undefined));
    assert.deepEqual(regenerated.writes.map((w) => [w.path, w.changed, w.created]), [[helper.path, false, false], [test.path, false, false]]);
  });
});

describe('Generate Receiver Tests: the generated files, run for real', function () {
  this.timeout(180_000);
  let good: SpawnedServer;
  let lax: SpawnedServer;
  before(async () => {
    good = await python();
    lax = await python('--lax');
  });
  after(() => {
    good.stop();
    lax.stop();
  });

  it('node:test (JavaScript): passes against the receiver written from the documents, fails the forgeries against a lax one', async () => {
    const p = project({ stack: stack('node:test', 'js') }, { 'test/fixtures/transcrypts/order-created/broken.json': '{"webhook_id": ' });
    const env = { [ENV.secret]: SECRET, [ENV.url]: `${good.url}` };
    const ok = await run(process.execPath, ['--test', '--test-reporter=tap', p.test], p.dir, env);
    // Every rule and the good fixture pass; the fixture that is not JSON fails with its name.
    assert.match(ok.out, new RegExp(`# pass ${RULES + 1}\\n# fail 1\\n`), ok.out);
    assert.match(ok.out, /not ok \d+ - fixture order-created\/broken\.json[\s\S]*The fixture order-created\/broken\.json is not valid JSON/);
    const bad = await run(process.execPath, ['--test', '--test-reporter=tap', p.test], p.dir, { ...env, [ENV.url]: lax.url });
    assert.notEqual(bad.code, 0);
    const failed = [...bad.out.matchAll(/^not ok \d+ - (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(failed, ['A tampered body is refused', 'A delivery without a signature is refused', 'A delivery signed with another secret is refused', 'fixture order-created/broken.json']);
    assert.match(bad.out, /Answered 200 to a forged delivery \("ok"\): the receiver accepted a forged delivery/);
    const unset = await run(process.execPath, ['--test', '--test-reporter=tap', p.test], p.dir, { [ENV.url]: good.url });
    assert.match(unset.out, new RegExp(`Set ${ENV.secret} to the secret your receiver verifies signatures with`));
    assert.ok(!ok.out.includes(SECRET) && !bad.out.includes(SECRET), 'the secret is never printed');
  });

  it('pytest (Python standard library): the same verdicts', async () => {
    const py = await pythonWithPytest();
    const p = project({ stack: stack('pytest', 'py'), testDir: 'tests' });
    const env = { [ENV.secret]: SECRET, [ENV.url]: good.url };
    const ok = await run(py, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', p.test], p.dir, env);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, new RegExp(`\\b${RULES + 1} passed\\b`));
    const bad = await run(py, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rf', p.test], p.dir, { ...env, [ENV.url]: lax.url });
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, new RegExp(`\\b3 failed, ${RULES - 2} passed\\b`));
    for (const name of ['A tampered body is refused', 'A delivery without a signature is refused', 'A delivery signed with another secret is refused']) assert.ok(bad.out.includes(`FAILED tests/test_transcrypts_receiver.py::test_platform_rule[${name}]`), bad.out);
  });

  it('node:test in TypeScript runs through tsx, and every TypeScript variant compiles with tsc --strict', async () => {
    const p = project({ stack: { runner: 'node:test', language: 'ts', module: 'esm' } }, { 'package.json': '{"type":"module"}' });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(p.dir, 'node_modules'));
    const ok = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', p.test], p.dir, { [ENV.secret]: SECRET, [ENV.url]: good.url });
    assert.match(ok.out, new RegExp(`# pass ${RULES + 1}\\n# fail 0\\n`), ok.out);
    const variants: TestStack[] = [...ALL_STACKS.filter((s) => s.language === 'ts'), { runner: 'jest', language: 'ts', module: 'cjs', jestGlobalsImport: true }];
    for (const s of variants) {
      const q = project({ stack: s }, { 'package.json': s.module === 'esm' ? '{"type":"module"}' : '{}', 'test/runners.d.ts': RUNNER_TYPES });
      const files = fs.readdirSync(path.join(q.dir, 'test')).filter((f) => f.endsWith('.ts')).map((f) => path.join(q.dir, 'test', f));
      const esm = s.module === 'esm';
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        noUnusedLocals: true,
        target: ts.ScriptTarget.ES2022,
        module: esm ? ts.ModuleKind.NodeNext : ts.ModuleKind.CommonJS,
        moduleResolution: esm ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Node10,
        types: ['node'],
        typeRoots: [path.join(REPO, 'node_modules/@types')],
        skipLibCheck: true,
      });
      assert.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`), [], stackLabel(s));
    }
  });
});

/** The test runners' `test` as each declares it (not installed here: only what the generated files call). */
const RUNNER_TYPES = `
declare module 'vitest' { export function test(name: string, fn: () => Promise<void>, timeout?: number): void; }
declare module '@jest/globals' { export function test(name: string, fn: () => Promise<void>, timeout?: number): void; }
declare function test(name: string, fn: () => Promise<void>, timeout?: number): void;
`;
