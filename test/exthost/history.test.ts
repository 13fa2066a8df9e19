import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { signBody } from '../../src/core/signature';
import type { TestApi } from '../../src/extension';
import type { WebhookNode } from '../../src/vscode/tree/webhookNode';
import { api, children, escape, until } from './helpers';

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
    const sandbox = a.services.tree.roots.get('sandbox');
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

  it('asks for the scope from the palette; Escape opens nothing', async () => {
    const before = a.panels.openPanels.length;
    const pending = vscode.commands.executeCommand('transcrypts.history.open');
    await new Promise((r) => setTimeout(r, 500));
    await escape();
    assert.equal(await pending, undefined);
    assert.equal(a.panels.openPanels.length, before);
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
    const ok = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.sandbox), env: 'sandbox' });
    assert.deepEqual(ok, { ok: true, matched: 'sandbox' });
    const wrongEnv = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.dev), env: 'sandbox' });
    assert.match(wrongEnv.reason ?? '', /matches the dev secret, not the sandbox one/);
    const pretty = await vscode.workspace.openTextDocument({ content: JSON.stringify(JSON.parse(body), null, 2), language: 'json' });
    await vscode.window.showTextDocument(pretty);
    const reserialized = await vscode.commands.executeCommand<V>('transcrypts.verifySignature', { header: signBody(body, secrets.sandbox), env: 'sandbox' });
    assert.match(reserialized.reason ?? '', /re-serialized/);
    // Untitled and changed: revert, so no save prompt is left behind.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
