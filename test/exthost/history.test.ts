import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
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
