import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { fixtureContent } from '../../src/core/fixtures/naming';
import type { TestApi } from '../../src/extension';
import type { Row } from '../../src/shared/protocol';
import type { DriftReport } from '../../src/vscode/fixtures/drift';
import { saveFixtures } from '../../src/vscode/fixtures/save';
import { api, until } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);

describe('Fixtures in the editor (real VS Code)', function () {
  this.timeout(90_000);
  let a: TestApi;
  let root: vscode.Uri;
  let dir: vscode.Uri;
  let receiver: http.Server;
  let receiverUrl: string;
  let webhookId: string | undefined;

  before(async () => {
    a = await api();
    if (a.services.connection.mode !== 'sandbox') await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs with a workspace folder');
    root = folder.uri;
    dir = vscode.Uri.joinPath(root, 'test/fixtures/transcrypts/order-status-updated');
    await vscode.workspace.fs.createDirectory(dir);
    receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fixtures-suite`;
  });

  after(async () => {
    const client = a.services.connection.client('sandbox');
    if (client && webhookId) await client.deleteWebhook(webhookId).catch(() => undefined);
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'test'), { recursive: true, useTrash: false });
  });

  /** Trigger an order-status-updated event through the sandbox and return the payload delivered to our receiver. */
  async function deliver(overrides: Record<string, unknown>): Promise<Record<string, unknown>> {
    const s = a.services.sandbox.running;
    const client = a.services.connection.client('sandbox');
    assert.ok(s && client);
    if (!webhookId) webhookId = (await client.createWebhook({ name: 'Fixtures suite', webhook_url: receiverUrl, env_type: 'sandbox', events: ['order-status-updated'], enabled: true })).id;
    const before = s.store.requests.length;
    await client.triggerSandboxEvent('sandbox', 'order-status-updated', overrides);
    const row = await until(() => s.store.requests.slice(before).find((r) => r.webhook_url === receiverUrl), 10_000, 'the delivery');
    return row.webhook_payload as Record<string, unknown>;
  }

  it('checks fixtures against recent deliveries: Problems on exactly the changed fields, and a quick fix refreshes the fixture', async () => {
    const then = await deliver({ status: 'sent', template_id: null });
    const file = vscode.Uri.joinPath(dir, 'drifting.json');
    await vscode.workspace.fs.writeFile(file, enc(fixtureContent({ ...then, legacy_flag: true })));
    const other = vscode.Uri.joinPath(dir, 'notes.json');
    await vscode.workspace.fs.writeFile(other, enc('{"not": "a fixture"}\n'));
    // The platform changes: a new field, a number where a string was, an undocumented status.
    const now = await deliver({ region: 'eu-west', order_number: 48151623, status: 'on_hold' });

    const report = await vscode.commands.executeCommand<DriftReport>('transcrypts.fixtures.checkDrift', { env: 'sandbox', samples: 1 });
    assert.ok(report);
    const mine = report.drifted.filter((d) => d.file.endsWith('drifting.json')).map((d) => `${d.kind} ${d.path}`).sort();
    assert.deepEqual(mine, ['added region', 'changed order_number', 'changed status', 'removed legacy_flag']);
    assert.deepEqual(report.skipped.map((s) => s.why), ['no event_type (or event)']);

    const diags = await until(() => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'Transcrypts fixtures');
      return d.length === 4 && d;
    }, 10_000, 'four drift diagnostics');
    const doc = await vscode.workspace.openTextDocument(file);
    const removed = diags.find((d) => d.code === 'drift-removed');
    assert.ok(removed);
    assert.equal(doc.getText(removed.range), '"legacy_flag"', 'the diagnostic sits on the key');
    assert.equal(removed.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diags.find((d) => d.code === 'drift-changed' && d.message.startsWith('status '))?.message ?? '', /"on_hold"/);

    await vscode.window.showTextDocument(doc);
    // The fix builds its edit when chosen (resolveCodeAction): ask for the first one resolved.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, removed.range, vscode.CodeActionKind.QuickFix.value, 1);
    const refresh = actions.find((x) => x.title.startsWith('Refresh the fixture from the newest order-status-updated delivery'));
    assert.ok(refresh?.edit, actions.map((x) => x.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(refresh.edit));
    // Each configuration gets its own delivery id: the newest may be another configuration's copy of the event.
    assert.deepEqual({ ...(JSON.parse(doc.getText()) as object), webhook_id: '' }, { ...now, webhook_id: '' }, 'the fixture is now the newest delivery');
    await until(() => vscode.languages.getDiagnostics(file).filter((x) => x.source === 'Transcrypts fixtures').length === 0, 5000, 'no drift left');
    await doc.save();
    // One file (the Explorer's context menu passes its URI): only that file is read.
    const one = await vscode.commands.executeCommand<DriftReport>('transcrypts.fixtures.checkDrift', { uri: file, env: 'sandbox', samples: 1 });
    assert.deepEqual([one.files, one.drifted.length, one.skipped.length], [1, 0, 0]);
    const notOne = await vscode.commands.executeCommand<DriftReport>('transcrypts.fixtures.checkDrift', { uri: other, env: 'sandbox', samples: 1 });
    assert.deepEqual([notOne.files, notOne.skipped.map((x) => x.why)], [0, ['no event_type (or event)']]);
  });

  it('bulk-saves: attempts of one delivery once (also under a taken name, which gets one suffix), a file that cannot be written is reported', async () => {
    const base = vscode.Uri.joinPath(root, 'test/fixtures/transcrypts');
    const row = (key: number, eventType: string, id: string, payload: Record<string, unknown>): Row => ({
      key,
      webhook_id: id,
      event_type: eventType,
      event_created_at: '2026-11-20T10:00:00.000001Z',
      status_code: 500,
      error_message: null,
      webhook_url: receiverUrl,
      payload: { event_type: eventType, webhook_id: id, ...payload },
    });
    const attempt1 = row(1, 'link-connected', 'a'.repeat(32), { n: 1 });
    const attempt2 = { ...attempt1, key: 2, status_code: 200 };
    const other = row(3, 'link-connected', 'b'.repeat(32), { n: 2 });
    const taken = row(4, 'link-connected', 'c'.repeat(32), { n: 3 });
    const blocked = row(5, 'link-deleted', 'd'.repeat(32), { n: 4 });
    const takenFile = vscode.Uri.joinPath(base, `link-connected/2026-11-20T10-00-00.000001Z-${'c'.repeat(32)}.json`);
    await vscode.workspace.fs.writeFile(takenFile, enc('{"hand": "edited"}\n'));
    // A file where the link-deleted folder would go: that fixture cannot be written.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(base, 'link-deleted'), enc('not a folder'));
    const summary = await saveFixtures([attempt1, attempt2, other, taken, { ...taken, key: 6 }, blocked], 'sandbox', a.services.log);
    assert.ok(summary);
    assert.deepEqual(
      { written: summary.written.length, unchanged: summary.unchanged, renamed: summary.renamed, failed: summary.failed.map((f) => f.file) },
      { written: 3, unchanged: 2, renamed: 1, failed: [`test/fixtures/transcrypts/link-deleted/2026-11-20T10-00-00.000001Z-${'d'.repeat(32)}.json`] },
    );
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(takenFile)), '{"hand": "edited"}\n', 'the edited file is untouched');
    const second = vscode.Uri.joinPath(base, `link-connected/2026-11-20T10-00-00.000001Z-${'c'.repeat(32)}-2.json`);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(second))), taken.payload);
    assert.ok(summary.schemas.some((u) => u.path.endsWith('schemas/link-connected.schema.json')));
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(base, 'link-deleted'));
    // Saving the same again piles up no copies: the numbered one holds that content already.
    const again = await saveFixtures([attempt1, other, taken], 'sandbox', a.services.log);
    assert.ok(again);
    assert.deepEqual({ written: again.written.length, unchanged: again.unchanged, renamed: again.renamed }, { written: 0, unchanged: 3, renamed: 0 });
    assert.deepEqual(again.sameAs, [`test/fixtures/transcrypts/link-connected/2026-11-20T10-00-00.000001Z-${'c'.repeat(32)}-2.json`]);
    const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(base, 'link-connected'))).map(([n]) => n);
    assert.ok(!names.some((n) => n.endsWith('-3.json')), names.join(', '));
  });

  it('refuses to write through a symbolic link that leaves the workspace, naming it; the others are written', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    const linked = path.join(root.fsPath, 'linked-fixtures');
    fs.symlinkSync(outside, linked);
    const settings = vscode.workspace.getConfiguration('transcrypts.fixtures');
    await settings.update('folder', 'linked-fixtures', vscode.ConfigurationTarget.Workspace);
    try {
      const row: Row = {
        key: 1,
        webhook_id: 'e'.repeat(32),
        event_type: 'link-connected',
        event_created_at: '2026-11-21T10:00:00Z',
        status_code: 200,
        error_message: null,
        webhook_url: receiverUrl,
        payload: { event_type: 'link-connected', webhook_id: 'e'.repeat(32) },
      };
      const summary = await saveFixtures([row, { ...row, key: 2, webhook_id: 'f'.repeat(32), payload: { event_type: 'link-connected', webhook_id: 'f'.repeat(32) } }], 'sandbox', a.services.log);
      assert.ok(summary);
      assert.equal(summary.written.length, 0);
      assert.ok(summary.failed.length >= 2, JSON.stringify(summary.failed));
      for (const f of summary.failed) assert.match(f.error, /linked-fixtures is a symbolic link to .*outside the workspace folder/);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written through the link');
    } finally {
      await settings.update('folder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.unlinkSync(linked);
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('shows each drifted field once in Problems: a field the JSON schema already flags is not reported twice, and keeps its quick fix', async () => {
    const file = vscode.Uri.joinPath(dir, 'twice.json');
    const payload = await deliver({ status: 'sent' });
    await vscode.workspace.fs.writeFile(file, enc(fixtureContent({ ...payload, status: 'shipped', legacy_flag: true })));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"shipped"'));
    const onLine = (n: number) => vscode.languages.getDiagnostics(file).filter((x) => x.range.start.line === n);
    await until(() => onLine(line).some((x) => /Value is not accepted/.test(x.message)), 30_000, 'the JSON schema to flag the undocumented status');
    const report = await vscode.commands.executeCommand<DriftReport>('transcrypts.fixtures.checkDrift', { uri: file, env: 'sandbox', samples: 1 });
    assert.deepEqual(report.drifted.map((d) => `${d.kind} ${d.path}`).sort(), ['changed status', 'removed legacy_flag'], 'the check finds both');
    // Problems: the status once (the schema's), the extra field once (ours: the schema allows other fields).
    const ours = await until(() => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'Transcrypts fixtures');
      return d.length > 0 && d;
    }, 10_000, 'the drift diagnostics');
    const who = onLine(line).map((x) => (x.source === 'Transcrypts fixtures' ? 'drift check' : 'JSON schema'));
    assert.deepEqual(who, ['JSON schema'], onLine(line).map((x) => `${x.source}: ${x.message}`).join('\n'));
    assert.deepEqual(ours.map((x) => x.code), ['drift-removed']);
    // The schema's problem carries the drift's quick fix.
    const [schemaProblem] = onLine(line);
    assert.ok(schemaProblem);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, schemaProblem.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((x) => x.title.startsWith('Refresh the fixture from the newest order-status-updated delivery')), actions.map((x) => x.title).join(', '));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(file);
  });

  it('validates fixture files in the editor against the documented shape, then against the workspace schema file', async () => {
    const file = vscode.Uri.joinPath(dir, 'hand-edited.json');
    const payload = await deliver({});
    await vscode.workspace.fs.writeFile(file, enc(fixtureContent({ ...payload, status: 'shipped', objects: 3 })));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const jsonProblems = () => vscode.languages.getDiagnostics(file).filter((x) => x.source !== 'Transcrypts fixtures').map((x) => x.message);
    const first = await until(() => jsonProblems().length > 0 && jsonProblems(), 30_000, 'the JSON language service to validate the fixture');
    assert.match(first.join('\n'), /Value is not accepted/, 'status "shipped" is not a documented order status');
    // A schema beside the fixtures (as Save as Fixture writes) replaces the documented one, live.
    const schemaFile = vscode.Uri.joinPath(root, 'test/fixtures/transcrypts/schemas/order-status-updated.schema.json');
    await vscode.workspace.fs.writeFile(schemaFile, enc('{}\n'));
    const schemaDoc = await vscode.workspace.openTextDocument(schemaFile);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(schemaFile, new vscode.Range(0, 0, 1, 0), JSON.stringify({ type: 'object', required: ['reviewed_by'], properties: { status: { type: 'string' } } }));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await schemaDoc.save(), 'saved');
    const second = await until(() => jsonProblems().some((m) => /reviewed_by/.test(m)) && jsonProblems(), 30_000, 'validation against the workspace schema');
    assert.ok(!second.some((m) => /Value is not accepted/.test(m)), second.join('\n'));
  });
});
