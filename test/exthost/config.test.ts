import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApplyResult, Plan } from '../../src/core/config';
import type { TestApi } from '../../src/extension';
import { api, item, resolved, until } from './helpers';

interface FileShape {
  environments: Record<string, Array<{ name: string; webhook_url: string; events: string[]; enabled?: boolean }>>;
  prune?: boolean;
}

describe('Configurations as code (real VS Code)', function () {
  this.timeout(60_000);
  let a: TestApi;
  let file: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('transcrypts');

  before(async () => {
    a = await api();
    if (a.services.sandbox.info()?.profile !== 'truv' || a.services.connection.mode !== 'sandbox') {
      await a.services.connection.forget();
      await a.services.sandbox.stop();
      await config().update('sandbox.profile', 'truv', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    file = vscode.Uri.joinPath(folder.uri, 'transcrypts.webhooks.json');
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
  });

  after(async () => {
    await config().update('production.readOnly', undefined, vscode.ConfigurationTarget.Global);
    await config().update('sandbox.profile', undefined, vscode.ConfigurationTarget.Global);
    const client = a.services.connection.client('sandbox');
    for (const w of (await client?.listWebhooks()) ?? []) if (w.name.startsWith('Config suite')) await client?.deleteWebhook(w.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
  });

  async function edit(change: (f: FileShape) => void): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(file);
    const f = JSON.parse(doc.getText()) as FileShape;
    change(f);
    const e = new vscode.WorkspaceEdit();
    e.replace(file, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), `${JSON.stringify(f, null, 2)}\n`);
    await vscode.workspace.applyEdit(e);
  }

  it('exports, plans an edit (diff editor), applies it, and then plans in sync; applying again does nothing', async () => {
    const text = await vscode.commands.executeCommand<string>('transcrypts.config.export', { env: 'sandbox', quiet: true });
    const exported = JSON.parse(text) as FileShape;
    const platform = await a.services.connection.client('sandbox')?.listWebhooks();
    assert.deepEqual(exported.environments['sandbox']?.map((c) => c.name).sort(), platform?.filter((w) => w.env_type === 'sandbox').map((w) => w.name).sort());
    assert.equal(exported.prune, false);
    // Exported as it is: nothing to do.
    assert.equal((await vscode.commands.executeCommand<Plan>('transcrypts.config.plan', { env: 'sandbox', quiet: true })).steps.length, 0);

    await edit((f) => f.environments['sandbox']?.push({ name: 'Config suite receiver', webhook_url: 'http://127.0.0.1:9/config-suite', events: ['order-created'] }));
    // Plan as a user does: the summary, and the diff editor between the platform and the file.
    const plan = await vscode.commands.executeCommand<Plan>('transcrypts.config.plan', { env: 'sandbox' });
    assert.equal(plan.summary, 'sandbox: 1 to create, 0 to change, 0 to delete');
    await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.startsWith('Platform ↔ transcrypts.webhooks.json')), 10_000, 'the diff editor');

    const result = await vscode.commands.executeCommand<ApplyResult>('transcrypts.config.apply', { env: 'sandbox', confirm: true });
    assert.equal(result.applied.length, 1);
    assert.ok(a.services.catalog.all().some((w) => w.name === 'Config suite receiver'), 'the tree has it');
    // The diff left open shows the state after the apply: both sides alike, the new entry on the platform's (m7).
    const side = (name: string) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'transcrypts-plan' && d.uri.path === `/${name}.json`)?.getText();
    await until(() => side('platform') !== undefined && side('platform') === side('file'), 10_000, 'the open plan diff refreshed after the apply');
    assert.match(side('platform') ?? '', /Config suite receiver/);
    const again = await vscode.commands.executeCommand<Plan>('transcrypts.config.plan', { env: 'sandbox', quiet: true });
    assert.deepEqual(again.steps, []);
    const twice = await vscode.commands.executeCommand<ApplyResult>('transcrypts.config.apply', { env: 'sandbox', confirm: true });
    assert.equal(twice.applied.length, 0);
  });

  it('marks an entry the platform changed out of band, with Plan as its quick fix', async () => {
    const client = a.services.connection.client('sandbox');
    const w = (await client?.listWebhooks())?.find((x) => x.name === 'Config suite receiver');
    assert.ok(client && w);
    await client.updateWebhook(w.id, { webhook_url: 'http://127.0.0.1:9/changed-elsewhere' });
    // The sidebar's next list shows it, without a plan: a mark on the configuration and a tooltip line.
    await a.services.catalog.refresh('sandbox');
    const node = await until(() => a.services.tree.nodeOf(w.id), 10_000, 'the node');
    await until(() => String(item(a, node).description).startsWith('≠ file · '), 10_000, 'the tree mark');
    const tip = resolved(a, node).tooltip;
    assert.match(tip instanceof vscode.MarkdownString ? tip.value : String(tip), /Configurations file \| differs in webhook_url/);
    const plan = await vscode.commands.executeCommand<Plan>('transcrypts.config.plan', { env: 'sandbox', quiet: true });
    assert.equal(plan.summary, 'sandbox: 0 to create, 1 to change, 0 to delete');
    const drift = await until(() => vscode.languages.getDiagnostics(file).find((d) => d.code === 'transcrypts-drift:sandbox'), 10_000, 'the drift diagnostic');
    assert.equal(drift.severity, vscode.DiagnosticSeverity.Information);
    assert.match(drift.message, /webhook_url/);
    const doc = await vscode.workspace.openTextDocument(file);
    assert.match(doc.getText(drift.range), /Config suite receiver/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, drift.range);
    assert.ok(actions.some((x) => x.title === 'Plan sandbox' && x.command?.command === 'transcrypts.config.plan'));
    // Applying puts the file's URL back, and the mark goes.
    await vscode.commands.executeCommand('transcrypts.config.apply', { env: 'sandbox', confirm: true });
    await until(() => !vscode.languages.getDiagnostics(file).some((d) => d.code === 'transcrypts-drift:sandbox'), 10_000, 'the mark gone');
    await until(() => !String(item(a, node).description).startsWith('≠ file'), 10_000, 'the tree mark gone');
  });

  it('shows the file\'s problems as you type, and refuses production while it is read-only', async () => {
    await edit((f) => f.environments['sandbox']?.push({ name: 'Config suite receiver', webhook_url: 'http://127.0.0.1:9/twice', events: [] }));
    const dup = await until(() => vscode.languages.getDiagnostics(file).find((d) => d.severity === vscode.DiagnosticSeverity.Error && /Config suite receiver/.test(d.message)), 10_000, 'the duplicate name');
    assert.match(dup.message, /twice|duplicate|already/i);
    assert.equal(await vscode.commands.executeCommand('transcrypts.config.plan', { env: 'sandbox', quiet: true }), undefined, 'no plan of a file with errors');
    // An environment the file has no section for is not planned (with prune, its plan would delete everything).
    assert.equal(await vscode.commands.executeCommand('transcrypts.config.plan', { env: 'staging', quiet: true }), undefined);
    await edit((f) => {
      f.environments['sandbox'] = (f.environments['sandbox'] ?? []).filter((c) => c.webhook_url !== 'http://127.0.0.1:9/twice');
      f.environments['prod'] = [{ name: 'Config suite prod', webhook_url: 'https://config-suite.example.com/hooks', events: ['order-created'] }];
    });
    await config().update('production.readOnly', true, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('transcrypts.config.apply', { env: 'prod', confirm: true }), undefined);
    assert.ok(!(await a.services.connection.client('prod')?.listWebhooks())?.some((w) => w.name === 'Config suite prod'), 'nothing created in production');
  });

  it('promotes one environment\'s section to another with its hosts mapped, and remembers the mapping', async () => {
    await edit((f) => {
      f.environments['dev'] = [];
      f.environments['sandbox'] = [{ name: 'Config suite promoted', webhook_url: 'https://sandbox.example.com/hooks?x=1', events: ['order-created'] }];
    });
    const result = await vscode.commands.executeCommand<{ copied: number; unmapped: string[] }>('transcrypts.config.promote', { env: 'sandbox', to: 'dev', hostMap: { 'sandbox.example.com': 'dev.example.com' }, quiet: true });
    assert.equal(result.copied, 1);
    const f = JSON.parse((await vscode.workspace.openTextDocument(file)).getText()) as FileShape & { promote: Record<string, { hostMap: Record<string, string> }> };
    assert.deepEqual(f.environments['dev'], [{ name: 'Config suite promoted', webhook_url: 'https://dev.example.com/hooks?x=1', events: ['order-created'] }]);
    assert.deepEqual(f.promote['sandbox→dev'], { hostMap: { 'sandbox.example.com': 'dev.example.com' } });
    const plan = await vscode.commands.executeCommand<Plan>('transcrypts.config.plan', { env: 'dev', quiet: true });
    assert.deepEqual(plan.steps.map((x) => `${x.kind} ${x.env} ${x.name}`), ['create dev Config suite promoted']);
  });

  it('never writes through a transcrypts.webhooks.json that links out of the workspace (Export, Promote)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const outside = path.join(os.tmpdir(), `tw-config-outside-${process.pid}.json`);
    const before = '{"environments": {"sandbox": [], "dev": []}}\n';
    fs.writeFileSync(outside, before);
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    fs.symlinkSync(outside, file.fsPath);
    try {
      assert.equal(await vscode.commands.executeCommand('transcrypts.config.export', { env: 'sandbox', quiet: true }), undefined);
      assert.equal(await vscode.commands.executeCommand('transcrypts.config.promote', { env: 'sandbox', to: 'dev', hostMap: {}, quiet: true }), undefined);
      assert.equal(fs.readFileSync(outside, 'utf8'), before, 'the file outside the workspace is untouched');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
      fs.rmSync(outside, { force: true });
    }
  });
});
