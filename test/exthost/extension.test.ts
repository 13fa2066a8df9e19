import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TranscryptsClient } from '../../src/core/api/client';
import type { SandboxInfo } from '../../src/vscode/sandbox/sandboxHost';
import { WALKTHROUGH_OFFERED_KEY } from '../../src/vscode/connection/walkthrough';
import { api, until } from './helpers';

const EXTENSION_ID = 'transcrypts.transcrypts-webhooks';

describe('Transcrypts extension in a real VS Code', () => {
  it('activates on its command and registers every declared command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    const declared = (ext.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
    await vscode.commands.executeCommand('transcrypts.showLogs');
    assert.ok(ext.isActive, 'activated by its command');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(registered.has(id), `${id} is declared but not registered`);
    // The manifest's %placeholders% are resolved from package.nls.json when VS Code loads it.
    const refresh = (ext.packageJSON as { contributes: { commands: Array<{ command: string; title: string }> } }).contributes.commands.find((c) => c.command === 'transcrypts.refresh');
    assert.equal(refresh?.title, 'Refresh');
    assert.equal((ext.packageJSON as { displayName: string }).displayName, 'Transcrypts Webhooks');
  });

  it('redacts a debug line only when the log writes it (below the Debug level it is not made safe for nothing)', async () => {
    const log = (await api()).services.log;
    const redact = log.redactor.redact.bind(log.redactor);
    let redacted = 0;
    log.redactor.redact = (text: string) => (redacted++, redact(text));
    try {
      log.debug('a request line, made for every call');
      // The channel follows VS Code's level: debug lines are written (so redacted) only at Debug or Trace.
      const written = vscode.env.logLevel !== vscode.LogLevel.Off && vscode.env.logLevel <= vscode.LogLevel.Debug;
      assert.equal(redacted, written ? 1 : 0, `log level ${vscode.env.logLevel}`);
      log.info('an info line');
      assert.equal(redacted, written ? 2 : 1, 'an info line is always redacted');
    } finally {
      log.redactor.redact = redact;
    }
  });

  it('opens the Get Started walkthrough once, on the first run, while nothing is connected (m1)', async () => {
    const a = await api();
    const mode = a.services.connection.mode;
    await a.services.connection.forget();
    await a.context.globalState.update(WALKTHROUGH_OFFERED_KEY, undefined);
    // The harness turns the walkthrough off in the Machine settings (the setting is machine-scoped): a workspace
    // value is not taken for it, so the test sets the machine's own through the file.
    const machine = path.join(path.dirname(path.dirname(a.context.globalStorageUri.fsPath)), '..', 'Machine', 'settings.json');
    const setOpen = async (on: boolean) => {
      fs.writeFileSync(machine, JSON.stringify({ 'workbench.welcomePage.walkthroughs.openOnInstall': on }));
      await until(() => vscode.workspace.getConfiguration().get('workbench.welcomePage.walkthroughs.openOnInstall') === on, 20_000, 'the machine setting read');
    };
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const before = new Set(tabs().map((t) => t.label));
    await setOpen(true);
    try {
      assert.equal(await a.firstRun(), true);
      const opened = await until(() => tabs().find((t) => !before.has(t.label)), 20_000, 'a new tab');
      assert.match(opened.label, /Welcome|Walkthrough|Get Started|Transcrypts/);
      assert.equal(await a.firstRun(), false, 'once only');
      await vscode.window.tabGroups.close(opened);
    } finally {
      await setOpen(false);
      if (mode === 'sandbox') await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    }
  });

  it('starts the local sandbox on a loopback port, serving the seeded API, and stops it', async () => {
    const info = await vscode.commands.executeCommand<SandboxInfo>('transcrypts.sandbox.start');
    assert.ok(info, 'the command returns where the sandbox listens');
    assert.match(info.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1\/$/);
    // A second start reports the same sandbox.
    assert.deepEqual(await vscode.commands.executeCommand<SandboxInfo>('transcrypts.sandbox.start'), info);
    const creds = JSON.parse(fs.readFileSync(path.join(info.dataDir, 'credentials.json'), 'utf8')) as { client_id: string; secrets: { sandbox: string } };
    const client = new TranscryptsClient({ baseUrl: info.baseUrl, clientId: creds.client_id, secret: creds.secrets.sandbox });
    const hooks = await client.listWebhooks();
    assert.equal(hooks.length, 3, 'the seeded configurations of the sandbox environment');
    assert.ok(hooks.every((w) => w.env_type === 'sandbox'));
    const page = await client.historyPage({});
    assert.equal(page.results.length, 50);
    const unauth = await fetch(`${info.baseUrl}webhooks/`);
    assert.equal(unauth.status, 401);
    assert.equal(await vscode.commands.executeCommand<boolean>('transcrypts.sandbox.stop'), true);
    await assert.rejects(fetch(`${info.baseUrl}webhooks/`), 'nothing listens after stop');
    assert.equal(await vscode.commands.executeCommand<boolean>('transcrypts.sandbox.stop'), false);
  });

  it('is loaded through its loader, which writes the bundle’s code cache to global storage after activation', async function () {
    this.timeout(30_000);
    const a = await api();
    const load = (globalThis as { __transcryptsLoad?: { cache: string; ms: number } }).__transcryptsLoad;
    assert.ok(load, 'dist/extension.js (the loader) ran dist/main.js');
    // This extension host is the suite's first: no cache yet, or one from an earlier run of the same build.
    assert.ok(['missing', 'used'].includes(load.cache), load.cache);
    const storage = a.context.globalStorageUri.fsPath;
    const cache = await until(() => fs.existsSync(storage) && fs.readdirSync(storage).find((f) => /^code-cache-[0-9a-f]{24}\.bin$/.test(f)), 20_000, 'the code cache file');
    assert.equal(fs.statSync(path.join(storage, cache)).mode & 0o777, 0o600);
  });
});
