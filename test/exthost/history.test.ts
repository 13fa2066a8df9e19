import { strict as assert } from 'node:assert';
import { attemptLabels } from '../../src/vscode/history/palette';
import * as vscode from 'vscode';
import { signBody } from '../../src/core/signature';
import type { TestApi } from '../../src/extension';
import type { HistoryPanel } from '../../src/vscode/history/panel';
import type { WebhookNode } from '../../src/vscode/view/webhookNode';
import { api, children, escapeUntilSettled, logText, until } from './helpers';

describe('History panel host (real VS Code)', function () {
  this.timeout(60_000);
  let a: TestApi;

  before(async () => {
    a = await api();
    if (a.services.connection.mode !== 'sandbox') await vscode.commands.executeCommand('transcrypts.connect.sandbox');
  });

  after(() => {
    for (const p of a.panels.openPanels) p.dispose();
  });

  it('opens one panel per scope; opening an open scope reveals it', async () => {
    const sandbox = a.services.tree.root('sandbox');
    assert.ok(sandbox);
    const node = children(a, sandbox).find((n): n is WebhookNode => n.kind === 'webhook');
    assert.ok(node);
    const first = await vscode.commands.executeCommand<unknown>('transcrypts.history.open', node);
    const again = await vscode.commands.executeCommand<unknown>('transcrypts.history.open', node);
    assert.ok(first);
    assert.equal(again, first, 'the same panel');
    const env = await vscode.commands.executeCommand<unknown>('transcrypts.history.open', sandbox);
    assert.notEqual(env, first, 'the environment has its own panel');
    assert.equal(a.panels.openPanels.length, 2);
    // The visible panel's webview says ready (a hidden one loads when shown: no retained context).
    await until(() => a.panels.openPanels.some((p) => p.isReady && p.panel.visible), 20_000, 'the visible webview ready');
    assert.deepEqual(a.panels.openPanels.map((p) => p.panel.title).sort(), [`History: ${node.webhook.name}`, 'History: Sandbox'].sort());
  });

  it('copies a delivery as cURL to its own URL, or to the replay URL the user chose, and answers each request', async () => {
    await a.context.workspaceState.update('transcrypts.replayUrl', undefined);
    const panel = await vscode.commands.executeCommand<HistoryPanel>('transcrypts.history.open', a.services.tree.root('sandbox'));
    assert.ok(panel);
    const [row] = await until(() => (panel.loadedRows.length > 0 ? panel.loadedRows : undefined), 20_000, 'the rows');
    assert.ok(row);
    const replies: unknown[] = [];
    const post = panel.panel.webview.postMessage.bind(panel.panel.webview);
    panel.panel.webview.postMessage = (m: unknown) => {
      replies.push(m);
      return post(m);
    };
    await panel.receive({ type: 'copyCurl', requestId: 101, key: row.key });
    let curl = await vscode.env.clipboard.readText();
    assert.ok(curl.startsWith('curl '), curl.slice(0, 80));
    assert.ok(curl.includes(`'${row.webhook_url}'`), 'the delivery\'s own URL');
    // The truv profile signs v1=<hex>, as that platform does (the setting's default: auto).
    assert.match(curl, /'X-WEBHOOK-SIGN: v1=[0-9a-f]{64}'/);
    assert.deepEqual(replies.at(-1), { type: 'reply', requestId: 101, ok: true, message: `Copied as cURL to the delivery's own URL ${row.webhook_url} (signed; the secret is not in it).` });
    await a.context.workspaceState.update('transcrypts.replayUrl', 'http://127.0.0.1:9/receiver');
    await panel.receive({ type: 'copyCurl', requestId: 102, key: row.key });
    curl = await vscode.env.clipboard.readText();
    assert.ok(curl.includes("'http://127.0.0.1:9/receiver'") && !curl.includes(row.webhook_url), 'the chosen replay URL');
    // A request the host cannot carry out gets a failed reply (and one report), never an unhandled rejection.
    await panel.receive({ type: 'saveFixtures', requestId: 103, keys: 'not a list' });
    const failed = replies.at(-1) as { type: string; requestId: number; ok: boolean; message: string };
    assert.deepEqual([failed.type, failed.requestId, failed.ok], ['reply', 103, false]);
    await a.context.workspaceState.update('transcrypts.replayUrl', undefined);
  });

  it('tells a delivery\'s attempts apart in the palette\'s pick: attempt n of N, counted from the oldest (m11)', () => {
    const row = (webhook_id: string) => ({ webhook_id, webhook_url: 'https://rx.example/h' });
    assert.deepEqual(attemptLabels([row('a'), row('b'), row('a'), row('a'), row('c')]), ['attempt 3 of 3', undefined, 'attempt 2 of 3', 'attempt 1 of 3', undefined]);
  });

  it('asks for the scope from the palette; Escape opens nothing', async () => {
    const before = a.panels.openPanels.length;
    const pending = vscode.commands.executeCommand('transcrypts.history.open');
    assert.equal(await escapeUntilSettled(pending), undefined);
    assert.equal(a.panels.openPanels.length, before);
  });

  it('loads again when the connection changes under an open panel, saying why', async () => {
    const panel = await vscode.commands.executeCommand<HistoryPanel>('transcrypts.history.open', a.services.tree.root('sandbox'));
    assert.ok(panel);
    await until(() => (panel.isReady && panel.loadedRows.length > 0 ? true : undefined), 20_000, 'the rows');
    const posted: Array<{ type?: string; message?: string }> = [];
    const post = panel.panel.webview.postMessage.bind(panel.panel.webview);
    panel.panel.webview.postMessage = (m: { type?: string; message?: string }) => {
      posted.push(m);
      return post(m);
    };
    // The same connection firing a change (a secret stored again) loads nothing again.
    await a.services.connection.setSecret('sandbox', a.services.connection.secret('sandbox') ?? '');
    assert.deepEqual(posted.filter((m) => m.type === 'reload'), []);
    try {
      await a.services.connection.forget();
      await until(() => posted.find((m) => m.type === 'reload'), 10_000, 'a reload');
      assert.match(posted.find((m) => m.type === 'reload')?.message ?? '', /The connection changed/);
    } finally {
      await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    }
  });
});

describe('Verify Signature (real VS Code)', function () {
  this.timeout(30_000);

  it('says whether a header signs the active editor body, and why not', async () => {
    const a = await api();
    if (a.services.connection.mode !== 'sandbox') await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    const secrets = a.services.sandbox.running?.credentials.secrets;
    assert.ok(secrets);
    const body = '{"webhook_id":"abc","event_type":"order-created"}';
    const doc = await vscode.workspace.openTextDocument({ content: body, language: 'json' });
    await vscode.window.showTextDocument(doc);
    type V = { ok: boolean; matched?: string; reason?: string };
    const ok = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.sandbox ?? '', 'v1'), env: 'sandbox' });
    assert.deepEqual(ok, { ok: true, matched: 'sandbox', format: 'v1' });
    const wrongEnv = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.dev ?? '', 'v1'), env: 'sandbox' });
    assert.match(wrongEnv.reason ?? '', /matches the dev secret, not the sandbox one/);
    const pretty = await vscode.workspace.openTextDocument({ content: JSON.stringify(JSON.parse(body), null, 2), language: 'json' });
    await vscode.window.showTextDocument(pretty);
    const reserialized = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.sandbox ?? '', 'v1'), env: 'sandbox' });
    assert.match(reserialized.reason ?? '', /re-serialized/);
    // Untitled and changed: revert, so no save prompt is left behind.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

});

describe('Replay test secret (real VS Code)', function () {
  this.timeout(30_000);
  const TEST_SECRET = 'whsec-local-receiver-7f3a9c';

  after(async () => {
    await vscode.commands.executeCommand('transcrypts.replay.clearTestSecret');
  });

  it('keeps a per-workspace test secret in SecretStorage only, signs with it, and verifies against it', async () => {
    const a = await api();
    if (a.services.connection.mode !== 'sandbox') await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    assert.equal((await a.services.replaySecret.signing('sandbox'))?.label, 'the sandbox secret', 'the environment secret signs by default');
    assert.equal(await vscode.commands.executeCommand('transcrypts.replay.setTestSecret', TEST_SECRET), true);
    assert.deepEqual(await a.services.replaySecret.signing('sandbox'), { secret: TEST_SECRET, label: 'the workspace test secret' });
    // The same secret whatever the environment; stored under a key derived from this workspace only.
    assert.equal((await a.services.replaySecret.signing('prod'))?.secret, TEST_SECRET);
    const body = '{"event_type":"order-created"}';
    type V = { ok: boolean; matched?: string; reason?: string };
    // A body saved as a file (untitled documents reuse their names, and a closed one can still answer for a moment).
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const file = vscode.Uri.joinPath(folder, 'verify-test-secret.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(body));
    const doc = await vscode.workspace.openTextDocument(file);
    assert.equal(doc.getText(), body);
    const ok = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { uri: doc.uri, header: signBody(body, TEST_SECRET, 'v1'), env: 'workspace test' });
    assert.deepEqual(ok, { ok: true, matched: 'workspace test', format: 'v1' });
    a.services.log.info(`a line that mentions ${TEST_SECRET}`);
    await logText(a, /a line that mentions \[redacted\]/);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('transcrypts'));
    const state = JSON.stringify(a.context.workspaceState.keys().map((k) => a.context.workspaceState.get(k)));
    assert.ok(!settings.includes(TEST_SECRET) && !state.includes(TEST_SECRET));
    await vscode.commands.executeCommand('transcrypts.replay.clearTestSecret');
    assert.equal((await a.services.replaySecret.signing('sandbox'))?.label, 'the sandbox secret', 'cleared: the environment secret again');
    const after = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { uri: doc.uri, header: signBody(body, TEST_SECRET, 'v1'), env: 'sandbox' });
    assert.equal(after.ok, false);
    await vscode.workspace.fs.delete(file);
  });
});
