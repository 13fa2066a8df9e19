/**
 * Receiver tests in a real VS Code: the "Transcrypts receiver" test controller's items, its Run profile against a
 * Python receiver written from the platform's documents and against a lax one, a receiver that is not running,
 * Replay History against the sandbox's recorded deliveries, and the Debug profile stopping at a breakpoint.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import { ReceiverTestController, type RunSummary } from '../../src/vscode/receiverTests/controller';
import { generateReceiverTests } from '../../src/vscode/receiverTests/generate';
import { receiverEnv, resolveTarget } from '../../src/vscode/receiverTests/target';
import { api, EXTENSION_ID, until } from './helpers';

const config = () => vscode.workspace.getConfiguration('transcrypts');

function pythonReceiver(secret: string, ...flags: string[]): Promise<{ url: string; child: ChildProcess }> {
  const repo = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
  const child = spawn('python3', [path.join(repo, 'test/receivers/documented_receiver.py'), ...flags], { env: { ...process.env, TRANSCRYPTS_WEBHOOK_SECRET: secret }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve({ url: line.replace(/^listening on /, ''), child }));
  });
}

function kill(child: ChildProcess | undefined): void {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // gone
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('Receiver tests in the Test Explorer (real VS Code)', function () {
  this.timeout(120_000);
  let receiver: ChildProcess | undefined;
  let fixtures: string;

  before(async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    await config().update('sandbox.profile', 'transcrypts', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    await until(() => a.services.catalog.state('dev').kind === 'loaded', 20_000, 'the dev list');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    fixtures = path.join(folder, 'test/fixtures/transcrypts');
    fs.mkdirSync(path.join(fixtures, 'order-created'), { recursive: true });
    fs.writeFileSync(path.join(fixtures, 'order-created', 'receiver-a.json'), JSON.stringify({ webhook_id: 'rt-1', event_type: 'order-created', status: 'pending' }, null, 2));
    fs.writeFileSync(path.join(fixtures, 'order-created', 'receiver-broken.json'), '{"webhook_id": ');
  });

  after(async () => {
    kill(receiver);
    const a = await api();
    fs.rmSync(path.join(fixtures, 'order-created', 'receiver-a.json'), { force: true });
    fs.rmSync(path.join(fixtures, 'order-created', 'receiver-broken.json'), { force: true });
    await config().update('receiver.url', undefined, vscode.ConfigurationTarget.Global);
    await config().update('receiver.launchConfiguration', undefined, vscode.ConfigurationTarget.Global);
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    await config().update('sandbox.profile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('makes the Test Explorer\'s controller once the start-up\'s first load is done, not at activation', async () => {
    const a = await api();
    await a.ready;
    await until(() => a.receiverTests.isMade, 5000, 'the controller, after the first load');
    // Another one, held back: nothing is made before its start is done, nor once disposed.
    const deps = { services: a.services, workspaceState: a.context.workspaceState, globalState: a.context.globalState };
    const later = new ReceiverTestController(deps);
    let settle!: () => void;
    const made = later.makeSoon(new Promise<void>((r) => (settle = r)), 60_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(later.isMade, false, 'not before its start is done');
    later.dispose();
    settle();
    await made;
    assert.equal(later.isMade, false, 'nor once disposed');
  });

  it('lists the platform\'s rules (citing their source) and the fixtures by event type', async () => {
    const a = await api();
    await a.receiverTests.refresh();
    const items = a.receiverTests.controller.items;
    assert.deepEqual([...iterate(items)].map((i) => i.id), ['rules', 'fixtures', 'history']);
    const rules = items.get('rules');
    const signature = rules?.children.get('rules/signature');
    assert.deepEqual([...iterate(signature?.children)].map((i) => i.id), ['rule/forged/tampered', 'rule/forged/unsigned', 'rule/forged/other-secret']);
    assert.equal(signature?.children.get('rule/forged/tampered')?.description, 'Transcrypts docs (sdk.transcrypts.com): webhook deliveries', 'a rule says where it is written');
    const orderCreated = items.get('fixtures')?.children.get('fixtures/order-created');
    const ids = [...iterate(orderCreated?.children)].map((i) => i.id);
    assert.ok(ids.includes('fixture/order-created/receiver-a.json') && ids.includes('fixture/order-created/receiver-broken.json'), ids.join());
    assert.equal(orderCreated?.children.get('fixture/order-created/receiver-a.json')?.uri?.fsPath, path.join(fixtures, 'order-created', 'receiver-a.json'));
  });

  it('Run: a receiver written from the documents passes every rule and fixture, signed as this platform signs (bare hex); the broken fixture errors by name', async () => {
    const a = await api();
    const secret = a.services.connection.secret('dev') ?? '';
    const rx = await pythonReceiver(secret);
    receiver = rx.child;
    await config().update('receiver.url', rx.url, vscode.ConfigurationTarget.Global);
    const s = await vscode.commands.executeCommand<RunSummary>('transcrypts.receiver.run');
    assert.equal(s.failed, 0, [...s.results.values()].filter((r) => r.outcome === 'failed').map((r) => `${r.id}: ${r.message}`).join('\n'));
    assert.equal(s.errored, 1);
    assert.match(s.results.get('fixture/order-created/receiver-broken.json')?.message ?? '', /receiver-broken\.json is not valid JSON/);
    assert.equal(s.results.get('fixture/order-created/receiver-a.json')?.outcome, 'passed');
    assert.ok(s.passed >= 20, `${s.passed} passed`);
    const sent = s.results.get('rule/forged/tampered')?.exchanges[0]?.request.headers['X-WEBHOOK-SIGN'] ?? '';
    assert.match(sent, /^[0-9a-f]{64}$/, 'bare hex');
    assert.ok(![...s.results.values()].some((r) => JSON.stringify(r).includes(secret)), 'the secret is in no result');
    kill(receiver);
  });

  it('Run: a lax receiver fails the three forgery cases; a receiver that is not running errors with how to start it', async () => {
    const a = await api();
    const rx = await pythonReceiver(a.services.connection.secret('dev') ?? '', '--lax');
    receiver = rx.child;
    await config().update('receiver.url', rx.url, vscode.ConfigurationTarget.Global);
    const s = await vscode.commands.executeCommand<RunSummary>('transcrypts.receiver.run');
    const failed = [...s.results.values()].filter((r) => r.outcome === 'failed');
    assert.deepEqual(failed.map((r) => r.id).sort(), ['rule/forged/other-secret', 'rule/forged/tampered', 'rule/forged/unsigned']);
    assert.match(failed[0]?.message ?? '', /would accept forged payroll data/);
    kill(receiver);
    const closed = `http://127.0.0.1:${await freePort()}/webhooks`;
    await config().update('receiver.url', closed, vscode.ConfigurationTarget.Global);
    const down = await vscode.commands.executeCommand<RunSummary>('transcrypts.receiver.run');
    assert.equal(down.passed, 0);
    assert.match(down.results.get('rule/retry')?.message ?? '', new RegExp(`^Connection refused at ${closed.replace(/[.]/g, '\\.')}: start your receiver`));
  });

  it('signs with a non-production secret unless Production is named; an address not on this machine once confirmed is not asked again', async () => {
    const a = await api();
    const deps = { services: a.services, workspaceState: a.context.workspaceState, globalState: a.context.globalState };
    assert.deepEqual(a.services.connection.environments, ['dev', 'prod']);
    assert.equal(receiverEnv(deps), 'dev', 'Production is never picked on its own');
    await config().update('receiver.environment', 'prod', vscode.ConfigurationTarget.Global);
    try {
      assert.equal(receiverEnv(deps), 'prod', 'named by the user');
      const remote = 'https://receiver.example.test/webhooks';
      await config().update('receiver.url', remote, vscode.ConfigurationTarget.Global);
      // Confirmed earlier for this address: resolved without a question (nothing is sent by resolving).
      await a.context.globalState.update('transcrypts.receiver.allowedUrls', [remote]);
      const target = await resolveTarget(deps);
      assert.ok(typeof target !== 'string', String(target));
      assert.deepEqual([target.url, target.env, target.format, target.signedWith], [remote, 'prod', 'hex', 'the prod secret']);
      // Replay History of Development signs with the secret Development's deliveries were signed with, whatever the receiver's setting.
      const replaying = await resolveTarget(deps, 'dev');
      assert.ok(typeof replaying !== 'string', String(replaying));
      assert.deepEqual([replaying.env, replaying.signedWith, replaying.secret === a.services.connection.secret('dev')], ['dev', 'the dev secret', true]);
      await config().update('receiver.url', 'ftp://receiver.example.test/', vscode.ConfigurationTarget.Global);
      assert.match(String(await resolveTarget(deps)), /^The receiver URL "ftp:\/\/receiver\.example\.test\/" cannot be used: The URL must start with http:\/\/ or https:\/\/\./);
    } finally {
      await a.context.globalState.update('transcrypts.receiver.allowedUrls', undefined);
      await config().update('receiver.environment', undefined, vscode.ConfigurationTarget.Global);
      await config().update('receiver.url', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Replay History: the newest deliveries of Development, each compared with what the platform recorded', async () => {
    const a = await api();
    const rx = await pythonReceiver(a.services.connection.secret('dev') ?? '');
    receiver = rx.child;
    await config().update('receiver.url', rx.url, vscode.ConfigurationTarget.Global);
    const s = await vscode.commands.executeCommand<RunSummary>('transcrypts.receiver.replayHistory', { env: 'dev' });
    const replayed = s.replayed ?? [];
    assert.ok(replayed.length > 0, s.problem);
    // This receiver answers 200 to every correctly signed delivery: nothing is broken; what failed on the platform is fixed.
    assert.equal(replayed.filter((r) => r.verdict === 'broken' || r.verdict === 'still failing').length, 0);
    for (const r of replayed) assert.equal(r.verdict, r.delivery.status !== null && r.delivery.status < 300 && r.delivery.status >= 200 ? 'same' : 'fixed');
    const history = a.receiverTests.controller.items.get('history');
    assert.equal(history?.children.size, replayed.filter((r) => r.verdict !== 'same').length, 'each changed delivery is an item');
    kill(receiver);
    // The receiver stopped: the replay stops at once and says so, rather than calling every delivery broken.
    await until(() => new Promise<boolean>((resolve) => net.connect(Number(new URL(rx.url).port), '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); resolve(false); }).once('error', () => resolve(true))), 10_000, 'the receiver to stop');
    const down = await vscode.commands.executeCommand<RunSummary>('transcrypts.receiver.replayHistory', { env: 'dev' });
    assert.deepEqual([down.replayed?.length, down.errored], [0, 1]);
    assert.match(down.problem ?? '', /^Connection refused at http:\/\/127\.0\.0\.1:\d+\/.*: start your receiver/);
  });

  it('Debug: starts the receiver\'s launch configuration under the debugger and stops at a breakpoint in the handler', async () => {
    const a = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const port = await freePort();
    const script = path.join(folder.uri.fsPath, 'debug-receiver.js');
    fs.writeFileSync(
      script,
      [
        "const http = require('node:http');",
        'http.createServer((req, res) => {',
        "  req.on('data', () => undefined);",
        "  req.on('end', () => {",
        "    res.writeHead(req.headers['x-webhook-sign'] ? 200 : 401).end('ok'); // line 5: the handler",
        '  });',
        `}).listen(${port}, '127.0.0.1');`,
      ].join('\n'),
    );
    fs.mkdirSync(path.join(folder.uri.fsPath, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(folder.uri.fsPath, '.vscode/launch.json'), JSON.stringify({ version: '0.2.0', configurations: [{ type: 'node', request: 'launch', name: 'Debug receiver', program: script }] }));
    await until(() => (vscode.workspace.getConfiguration('launch').get<unknown[]>('configurations') ?? []).length > 0, 10_000, 'launch.json read');
    await config().update('receiver.url', `http://127.0.0.1:${port}/webhooks`, vscode.ConfigurationTarget.Global);
    const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(script), new vscode.Position(4, 0)));
    vscode.debug.addBreakpoints([bp]);
    try {
      await a.receiverTests.refresh();
      const item = a.receiverTests.controller.items.get('rules')?.children.get('rules/delivery')?.children.get('rule/retry');
      assert.ok(item);
      let ended = false;
      const terminated = vscode.debug.onDidTerminateDebugSession((x) => {
        if (x.configuration.name === 'Debug receiver') ended = true;
      });
      const cts = new vscode.CancellationTokenSource();
      const running = a.receiverTests.execute(new vscode.TestRunRequest([item], undefined, a.receiverTests.debugProfile), cts.token, 'debug');
      const frame = await until(() => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame && vscode.debug.activeStackItem, 60_000, 'the breakpoint');
      // Stopped in the handler: the top frame is the breakpoint's line of the receiver's file.
      const trace = (await frame.session.customRequest('stackTrace', { threadId: frame.threadId, levels: 1 })) as { stackFrames: Array<{ line: number; source?: { path?: string } }> };
      assert.equal(trace.stackFrames[0]?.line, 5);
      // A path on the desktop, a vscode-remote:// URI in code-server.
      const at = trace.stackFrames[0]?.source?.path ?? '';
      assert.equal(at.includes('://') ? vscode.Uri.parse(at).path : at, script);
      // Continue each time it stops (the first delivery and its retry both pass the handler's line).
      let finished = false;
      void running.then(() => (finished = true));
      let stops = 0;
      const deadline = Date.now() + 60_000;
      while (!finished && Date.now() < deadline) {
        const stopped = vscode.debug.activeStackItem;
        if (stopped instanceof vscode.DebugStackFrame) {
          stops++;
          await vscode.commands.executeCommand('workbench.action.debug.continue');
          await until(() => finished || vscode.debug.activeStackItem !== stopped, 10_000, 'the debugger to go on');
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(stops >= 1, 'stopped at the breakpoint');
      const s = await running;
      assert.equal(s.results.get('rule/retry')?.exchanges.length, 2);
      assert.ok(s.results.get('rule/retry')?.exchanges.every((x) => x.status === 200));
      await until(() => ended, 20_000, 'the receiver\'s debug session to end');
      terminated.dispose();
    } finally {
      vscode.debug.removeBreakpoints([bp]);
      fs.rmSync(script, { force: true });
      fs.rmSync(path.join(folder.uri.fsPath, '.vscode/launch.json'), { force: true });
    }
  });

  it('Generate Receiver Tests: writes the tests into the workspace with the receiver URL, keeps the user\'s edits when regenerating, and never writes through a link out of the folder', async () => {
    const a = await api();
    const deps = { services: a.services, workspaceState: a.context.workspaceState, globalState: a.context.globalState };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const stack = { runner: 'node:test', language: 'js', module: 'esm' } as const;
    const testFile = path.join(folder, 'test/transcrypts-receiver.test.mjs');
    const helper = path.join(folder, 'test/transcrypts-signing.mjs');
    const outside = path.join(os.tmpdir(), `tw-outside-${process.pid}.mjs`);
    await config().update('receiver.url', 'http://127.0.0.1:4999/first', vscode.ConfigurationTarget.Global);
    try {
      const first = await generateReceiverTests(deps, stack);
      assert.ok(first && typeof first !== 'string', String(first));
      assert.deepEqual(first.written, ['test/transcrypts-signing.mjs', 'test/transcrypts-receiver.test.mjs']);
      assert.match(fs.readFileSync(testFile, 'utf8'), /const DEFAULTS = \{ url: "http:\/\/127\.0\.0\.1:4999\/first", format: "hex" \};/);
      assert.match(fs.readFileSync(testFile, 'utf8'), /const FIXTURES = join\(dirname\(fileURLToPath\(import\.meta\.url\)\), "fixtures\/transcrypts"\);/, 'the fixtures folder setting, from the test folder');
      fs.appendFileSync(testFile, "\ntest('my own case', () => {});\n");
      await config().update('receiver.url', 'http://127.0.0.1:4999/second', vscode.ConfigurationTarget.Global);
      const again = await generateReceiverTests(deps, stack);
      assert.ok(again && typeof again !== 'string', String(again));
      assert.deepEqual([again.written, again.unchanged], [['test/transcrypts-receiver.test.mjs'], ['test/transcrypts-signing.mjs']]);
      const text = fs.readFileSync(testFile, 'utf8');
      assert.ok(text.includes('"http://127.0.0.1:4999/second"') && text.endsWith("\ntest('my own case', () => {});\n"), 'the region is new, the edit kept');
      // The helper made a link to a file outside the folder: refused, and the outside file is untouched.
      fs.writeFileSync(outside, '// Generated by Transcrypts Webhooks (a decoy outside the workspace)\n');
      fs.rmSync(helper);
      fs.symlinkSync(outside, helper);
      await config().update('receiver.url', 'http://127.0.0.1:4999/third', vscode.ConfigurationTarget.Global);
      await assert.rejects(generateReceiverTests(deps, stack), /outside the workspace folder/);
      assert.equal(fs.readFileSync(outside, 'utf8'), '// Generated by Transcrypts Webhooks (a decoy outside the workspace)\n');
    } finally {
      for (const f of [testFile, helper, outside]) fs.rmSync(f, { force: true });
      await config().update('receiver.url', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

function* iterate(c: vscode.TestItemCollection | undefined): Generator<vscode.TestItem> {
  const out: vscode.TestItem[] = [];
  c?.forEach((i) => out.push(i));
  yield* out;
}
