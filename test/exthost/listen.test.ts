import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { verifySignature } from '../../src/core/signature';
import type { Listener } from '../../src/core/listen';
import type { TestApi } from '../../src/extension';
import type { HistoryPanel } from '../../src/vscode/history/panel';
import { api, item, until } from './helpers';

interface Received {
  id: string;
  body: string;
  sign: string;
}

describe('Listen (real VS Code)', function () {
  this.timeout(60_000);
  let a: TestApi;
  let receiver: http.Server;
  let url = '';
  let webhookId = '';
  const received: Received[] = [];

  before(async () => {
    a = await api();
    // The embedded sandbox in the profile with a sandbox environment (the suites before may have used the other).
    if (a.services.sandbox.info()?.profile !== 'truv' || a.services.connection.mode !== 'sandbox') {
      await a.services.connection.forget();
      await a.services.sandbox.stop();
      await vscode.workspace.getConfiguration('transcrypts').update('sandbox.profile', 'truv', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    }
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ id: String(req.headers['x-transcrypts-forwarded']), body: Buffer.concat(chunks).toString('utf8'), sign: String(req.headers['x-webhook-sign']) });
        res.writeHead(202, { 'Content-Type': 'text/plain' }).end('queued by the test receiver');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
    // One configuration that subscribes to the event this suite triggers (its own URL goes nowhere).
    const client = a.services.connection.client('sandbox');
    assert.ok(client);
    webhookId = (await client.createWebhook({ name: 'Listen suite', webhook_url: 'http://127.0.0.1:9/listen-suite', env_type: 'sandbox', events: ['order-created'], enabled: true })).id;
  });

  after(async () => {
    for (const s of a.listening.all) await a.listening.stop(s.request.env);
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', undefined, vscode.ConfigurationTarget.Global);
    await a.services.connection.client('sandbox')?.deleteWebhook(webhookId).catch(() => undefined);
    await vscode.workspace.getConfiguration('transcrypts').update('sandbox.profile', undefined, vscode.ConfigurationTarget.Global);
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
    for (const p of a.panels.openPanels) p.dispose();
  });

  async function trigger(n: number): Promise<string[]> {
    const client = a.services.connection.client('sandbox');
    assert.ok(client);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await client.triggerSandboxEvent('sandbox', 'order-created');
      // Every configuration subscribed gets its own delivery: all are forwarded (the environment is listened to).
      ids.push(...r.deliveries.map((d) => d.webhook_id));
    }
    return ids;
  }

  it('starts on an environment: the group says where to, deliveries arrive signed, the panel shows the answer; Stop ends it', async () => {
    const sandbox = a.services.tree.root('sandbox');
    assert.ok(sandbox);
    const request = await vscode.commands.executeCommand('transcrypts.listen.start', { env: 'sandbox', forwardTo: url, events: ['order-created'], secret: 'environment', resume: false });
    assert.ok(request);
    const session = await until(() => a.listening.session('sandbox'), 10_000, 'the session');
    await until(() => item(a, sandbox).contextValue?.includes('listening'), 10_000, 'the group marked listening');
    assert.match(String(item(a, sandbox).description), new RegExp(`^listening → 127\\.0\\.0\\.1:${new URL(url).port} · \\d+ configurations?$`));
    const panel = await vscode.commands.executeCommand<HistoryPanel>('transcrypts.history.open', sandbox);
    const posted: unknown[] = [];
    const post = panel.panel.webview.postMessage.bind(panel.panel.webview);
    panel.panel.webview.postMessage = (m: unknown) => {
      posted.push(m);
      return post(m);
    };
    await until(() => panel.isReady, 20_000, 'the panel');
    const ids = await trigger(3);
    assert.ok(ids.length >= 3);
    await until(() => ids.every((id) => received.some((r) => r.id === id)), 20_000, 'the deliveries forwarded');
    const secret = a.services.connection.secret('sandbox') ?? '';
    for (const r of received) assert.ok(verifySignature(r.body, r.sign, secret), 'signed with the sandbox secret');
    // The whole environment is listened to: a delivery another suite caused meanwhile (a retry 30 s later) is
    // forwarded too. The ones triggered here arrive each once. The receiver has a request before the session has
    // its answer (and counts it): wait for the count, not for the receiver.
    await until(() => session.forwarded >= ids.length, 10_000, 'the forwards counted');
    assert.ok(session.forwarded >= ids.length, `${session.forwarded} forwarded`);
    assert.equal(received.filter((r) => ids.includes(r.id)).length, ids.length, 'each once');
    // The panel loads the new rows; each carries the local receiver's answer.
    await panel.receive({ type: 'load', requestId: 7, filters: {}, more: false });
    const answers = posted.filter((m): m is { type: string; via?: string; result: { ok: boolean; status?: number; body?: string } } => (m as { type?: string }).type === 'replayResult');
    assert.ok(answers.length >= ids.length, `answers: ${answers.length}`);
    assert.ok(answers.every((m) => m.via === 'listen' && m.result.ok && m.result.status === 202 && m.result.body === 'queued by the test receiver'));
    // The terminal's link opens the delivery in the panel: a reveal message.
    panel.revealDelivery(ids[0] ?? '');
    assert.deepEqual(posted.at(-1), { type: 'reveal', webhookId: ids[0] });

    const stopped = a.listening.session('sandbox')?.listener;
    assert.ok(stopped);
    assert.equal(await vscode.commands.executeCommand('transcrypts.listen.stop', { env: 'sandbox' }), true);
    assert.equal(a.listening.session('sandbox'), undefined);
    // The stop waited for the read-and-forward loop to end: nothing can forward any more.
    assert.equal(stopped.state, 'stopped');
    await until(() => !item(a, sandbox).contextValue?.includes('listening'), 10_000, 'the group no longer listening');
    // Deliveries after the stop are not forwarded; a resume forwards exactly them, once.
    const later = await trigger(2);
    const atResume = received.length;
    await vscode.commands.executeCommand('transcrypts.listen.start', { env: 'sandbox', forwardTo: url, events: ['order-created'], secret: 'environment', resume: true });
    const resumed = await until(() => a.listening.session('sandbox'), 10_000, 'the resumed session');
    await until(() => later.every((id) => received.some((r) => r.id === id)), 20_000, 'the missed deliveries forwarded on resume');
    // A whole read after them: had anything forwarded them twice, it would have by then.
    await nextPoll(resumed.listener);
    assert.ok(!later.some((id) => received.slice(0, atResume).some((r) => r.id === id)), 'nothing forwarded while stopped');
    assert.deepEqual(later.map((id) => received.filter((r) => r.id === id).length), later.map(() => 1), 'each missed delivery once');
    assert.equal(received.filter((r) => ids.includes(r.id)).length, ids.length, 'the first ones not again');
    await a.listening.stop('sandbox');
  });

  it('starts on a configuration: only its deliveries are forwarded', async () => {
    await a.services.catalog.refresh('sandbox');
    const before = received.length;
    await vscode.commands.executeCommand('transcrypts.listen.start', { webhookId, forwardTo: url, secret: 'environment', resume: false });
    const session = await until(() => a.listening.session('sandbox'), 10_000, 'the session');
    assert.equal(session.request.webhook?.id, webhookId);
    try {
      const client = a.services.connection.client('sandbox');
      assert.ok(client);
      const r = await client.triggerSandboxEvent('sandbox', 'order-created');
      const mine = r.deliveries.filter((d) => d.webhook_url.endsWith('/listen-suite')).map((d) => d.webhook_id);
      const others = r.deliveries.filter((d) => !d.webhook_url.endsWith('/listen-suite')).map((d) => d.webhook_id);
      assert.equal(mine.length, 1);
      assert.ok(others.length > 0, 'another configuration got the event too');
      await until(() => received.some((x) => x.id === mine[0]), 20_000, 'its delivery forwarded');
      // The read that found it saw the others too (one trigger); the next read begins once that one's forwards are done.
      await nextPoll(session.listener);
      assert.deepEqual(received.slice(before).map((x) => x.id), mine, 'only its own');
    } finally {
      await a.listening.stop('sandbox');
    }
  });

  it('runs a tasks.json task (transcrypts-listen) until it is terminated; a task to another machine is refused', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // Written into .vscode/tasks.json through the configuration API (as the Tasks: Configure Task command does).
    const tasksConfig = vscode.workspace.getConfiguration('tasks', folder.uri);
    await tasksConfig.update('version', '2.0.0', vscode.ConfigurationTarget.WorkspaceFolder);
    await tasksConfig.update(
      'tasks',
      [
        { label: 'Forward sandbox', type: 'transcrypts-listen', environment: 'sandbox', forwardTo: url, events: ['order-created'] },
        { label: 'Forward elsewhere', type: 'transcrypts-listen', environment: 'sandbox', forwardTo: 'https://example.com/hooks' },
      ],
      vscode.ConfigurationTarget.WorkspaceFolder,
    );
    try {
      let names = '';
      const tasks = await until(async () => {
        const all = await vscode.tasks.fetchTasks({ type: 'transcrypts-listen' });
        names = (await vscode.tasks.fetchTasks()).map((t) => `${t.source}:${t.name}:${t.definition.type}`).join(', ');
        return all.some((t) => t.name === 'Forward sandbox') ? all : undefined;
      }, 20_000, 'the tasks.json tasks').catch((e: unknown) => {
        throw new Error(`${String(e)}; tasks: ${names}; config: ${JSON.stringify(vscode.workspace.getConfiguration('tasks', folder.uri).get('tasks'))}`);
      });
      assert.ok(tasks.some((t) => t.source === 'transcrypts' && t.name.startsWith('listen ')), 'provided tasks too');
      const task = tasks.find((t) => t.name === 'Forward sandbox');
      assert.ok(task);
      const before = received.length;
      const execution = await vscode.tasks.executeTask(task);
      await until(() => a.listening.session('sandbox'), 20_000, 'the task\'s session');
      const ids = await trigger(2);
      await until(() => ids.every((id) => received.some((r) => r.id === id)), 20_000, 'forwarded by the task');
      // Each once. (A task resumes where the last session of its scope stopped: a delivery of the previous test that
      // the platform recorded late, after that session stopped, may come too. That is what resuming is for.)
      for (const id of ids) assert.equal(received.slice(before).filter((r) => r.id === id).length, 1, id);
      const ended = new Promise<void>((r) => {
        const sub = vscode.tasks.onDidEndTask((e) => {
          if (e.execution === execution) {
            sub.dispose();
            r();
          }
        });
      });
      execution.terminate();
      await ended;
      await until(() => !a.listening.session('sandbox'), 10_000, 'the session ended with the task');

      const refused = tasks.find((t) => t.name === 'Forward elsewhere');
      assert.ok(refused);
      const exit = new Promise<number | undefined>((r) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name === 'Forward elsewhere') {
            sub.dispose();
            r(e.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(refused);
      assert.equal(await exit, 1);
      assert.equal(a.listening.session('sandbox'), undefined);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode', 'tasks.json'), { useTrash: false }).then(undefined, () => undefined);
    }
  });

  it('F5: a launch configuration\'s preLaunchTask starts the forwarding, and the debugger starts once it listens', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const program = vscode.Uri.joinPath(folder.uri, 'listen-f5-receiver.js');
    await vscode.workspace.fs.writeFile(program, Buffer.from('setInterval(() => undefined, 1000);\n'));
    const tasksConfig = vscode.workspace.getConfiguration('tasks', folder.uri);
    await tasksConfig.update('version', '2.0.0', vscode.ConfigurationTarget.WorkspaceFolder);
    await tasksConfig.update(
      'tasks',
      [{ label: 'Forward for F5', type: 'transcrypts-listen', environment: 'sandbox', forwardTo: url, isBackground: true, problemMatcher: '$transcrypts-listen' }],
      vscode.ConfigurationTarget.WorkspaceFolder,
    );
    try {
      // The background task's problem matcher tells the debugger when the forwarding has started.
      const started = await Promise.race([
        vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name: 'Receiver', program: program.fsPath, preLaunchTask: 'Forward for F5' }),
        new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 40_000)),
      ]);
      assert.equal(started, true, 'the debugger started after the preLaunchTask became ready');
      assert.ok(a.listening.session('sandbox'), 'the forwarding runs');
      assert.ok(vscode.debug.activeDebugSession, 'a debug session');
    } finally {
      await vscode.debug.stopDebugging();
      for (const e of vscode.tasks.taskExecutions) if (e.task.name === 'Forward for F5') e.terminate();
      await until(() => !a.listening.session('sandbox'), 10_000, 'the task ended');
      await tasksConfig.update('tasks', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await tasksConfig.update('version', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await vscode.workspace.fs.delete(program, { useTrash: false });
    }
  });

  it('stops when the connection changes (signed out): it would read the old account', async () => {
    await vscode.commands.executeCommand('transcrypts.listen.start', { env: 'sandbox', forwardTo: url, resume: false });
    await until(() => a.listening.session('sandbox'), 10_000, 'the session');
    await a.services.connection.forget();
    await until(() => !a.listening.session('sandbox'), 10_000, 'stopped by the sign-out');
    await vscode.commands.executeCommand('transcrypts.connect.sandbox');
  });

  it('refuses production while it is read-only, and without the setting that allows it', async () => {
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', true, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('transcrypts.listen.start', { env: 'prod', forwardTo: url, secret: 'environment', resume: false }), undefined);
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('transcrypts.listen.start', { env: 'prod', forwardTo: url, secret: 'environment', resume: false }), undefined);
    assert.equal(a.listening.session('prod'), undefined);
  });
});

/** Resolves at the listener's next read of the history (reads run one after another, each after its forwards). */
function nextPoll(listener: Listener): Promise<void> {
  return new Promise((resolve) => {
    const d = listener.on('poll', () => {
      d.dispose();
      resolve();
    });
  });
}
