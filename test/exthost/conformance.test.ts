/**
 * The tree and the history panel host over the documents' examples (a small server that is not our sandbox),
 * and the embedded sandbox in the transcrypts profile: what a user with a real account on either documented
 * variant meets.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TranscryptsClient } from '../../src/core/api/client';
import { startSandbox } from '../../src/sandbox';
import { CONFIRMED_API_URLS_KEY } from '../../src/vscode/connection/apiAddress';
import { Connection } from '../../src/vscode/connection/connection';
import { readSavedSecrets } from '../../src/vscode/connection/saved';
import type { TestApi } from '../../src/extension';
import type { EnvironmentNode } from '../../src/vscode/view/environmentNode';
import type { Node } from '../../src/vscode/view/webhooksTree';
import type { WebhookNode } from '../../src/vscode/view/webhookNode';
import { DOCUMENTED_PAYLOADS, HOSTILE_CONFIGURATION, SEED_CONFIGURATION, SEED_ROW, STAGING_CONFIGURATION } from '../conformance/examples';
import { CLIENT_ID, SECRET, startConformanceServer, type ConformanceServer } from '../conformance/server';
import { api, children, item, labelOf, resolved, until } from './helpers';

const config = () => vscode.workspace.getConfiguration('transcrypts');

function webhookNodes(a: TestApi, env: EnvironmentNode): WebhookNode[] {
  return children(a, env).filter((n): n is WebhookNode => n.kind === 'webhook');
}

describe('Conformance: the tree and the history over the documents\' examples (real VS Code)', function () {
  this.timeout(60_000);
  let a: TestApi;
  let srv: ConformanceServer;

  before(async () => {
    a = await api();
    srv = await startConformanceServer({ staging: true });
    await config().update('apiBaseUrl', srv.baseUrl, vscode.ConfigurationTarget.Global);
    await a.services.connection.connectRemote(CLIENT_ID, { dev: SECRET });
    await a.services.catalog.refresh();
    await until(() => a.services.catalog.state('dev').kind === 'loaded', 10_000, 'dev loaded');
  });

  after(async () => {
    for (const p of a.panels.openPanels) p.dispose();
    await a.services.connection.forget();
    a.services.catalog.clear();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await srv.close();
  });

  it('sends no key to an API address a workspace\'s settings chose until the user confirms it (F-E)', async () => {
    const other = await startConformanceServer({});
    try {
      await config().update('apiBaseUrl', other.baseUrl, vscode.ConfigurationTarget.Workspace);
      assert.equal(a.services.connection.address.workspaceChoice(), other.baseUrl);
      assert.equal(a.services.connection.baseUrl, srv.baseUrl, 'the user\'s own address until confirmed');
      await a.services.catalog.refresh();
      assert.equal(a.services.catalog.state('dev').kind, 'loaded');
      assert.deepEqual(other.requests, [], 'no request, so no key, went to the workspace\'s address');
      // Confirmed (the answer to the question, remembered per address): now the keys go there.
      await a.context.globalState.update(CONFIRMED_API_URLS_KEY, [other.baseUrl]);
      assert.equal(a.services.connection.baseUrl, other.baseUrl);
      await a.services.catalog.refresh();
      assert.ok(other.requests.length > 0, 'the confirmed address is used');
    } finally {
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await a.context.globalState.update(CONFIRMED_API_URLS_KEY, undefined);
      await other.close();
      await a.services.catalog.refresh();
    }
    // The address's setting levels are read again once the setting changed (they are kept between changes).
    assert.equal(a.services.connection.address.workspaceChoice(), undefined);
    assert.equal(a.services.connection.baseUrl, srv.baseUrl);
  });

  it('restores a saved connection with the secrets asked for at the start of activation, read once', async () => {
    const secrets = a.context.secrets;
    const original = secrets.get;
    const asked: string[] = [];
    secrets.get = (key: string) => {
      asked.push(key);
      return original.call(secrets, key);
    };
    try {
      await a.services.connection.flushed();
      a.services.connection.readSavedSecrets();
      const early = asked.length;
      assert.ok(early > 0, 'asked for at once');
      await a.services.connection.restore();
      assert.equal(asked.length, early, 'the restore took those answers: no second read');
      assert.deepEqual(a.services.connection.environments, ['dev']);
      await a.services.connection.restore();
      assert.ok(asked.length > early, 'taken once: a later restore reads again');
      assert.deepEqual(a.services.connection.environments, ['dev']);
      // The entry point's read (src/loader.ts asks before the bundle runs), handed over: the restore takes it.
      const before = asked.length;
      const handed = readSavedSecrets(a.context.globalState, secrets);
      assert.deepEqual(handed?.envs, ['dev']);
      assert.equal(asked.length, before + 1, 'asked for once per environment');
      a.services.connection.readSavedSecrets(handed);
      await a.services.connection.restore();
      assert.equal(asked.length, before + 1, 'the restore took the handed read: no second read');
      assert.deepEqual(a.services.connection.environments, ['dev']);
    } finally {
      secrets.get = original;
    }
  });

  it('shows the connected environment and a read-only group for an undocumented env_type, with ids as they are', () => {
    assert.deepEqual(children(a).map((n) => labelOf(item(a, n))), ['Development', 'staging']);
    const dev = a.services.tree.root('dev');
    const [seed] = webhookNodes(a, dev);
    assert.ok(seed);
    assert.equal(seed.webhook.id, SEED_CONFIGURATION.id);
    const seedItem = item(a, seed);
    // No enabled field: no Enable/Disable (nostate). 2 of its 9 documented deliveries failed: failing.
    assert.equal(seedItem.contextValue, 'webhook;nostate;failing;idle;writable');
    assert.equal((seedItem.iconPath as vscode.ThemeIcon).id, 'warning');
    const tip = (resolved(a, seed).tooltip as vscode.MarkdownString).value;
    assert.ok(!/enabled|disabled/.test(tip), tip);
    assert.deepEqual(children(a, seed).map((n) => labelOf(item(a, n))), SEED_CONFIGURATION.events);
    const staging = a.services.tree.root('staging');
    const stagingItem = item(a, staging);
    assert.equal(stagingItem.contextValue, 'environment;foreign;readonly');
    assert.match(String(stagingItem.description), /1 configuration · read-only/);
    const [mirror] = webhookNodes(a, staging);
    assert.ok(mirror);
    assert.equal(mirror.webhook.id, STAGING_CONFIGURATION.id);
    assert.equal(item(a, mirror).contextValue, 'webhook;nostate;idle;readonly');
    assert.deepEqual(children(a, mirror).map((n) => item(a, n).contextValue), ['event;readonly', 'event;readonly']);
    assert.deepEqual(children(a, mirror).map((n: Node) => labelOf(item(a, n))), ['task-status-updated', 'payment-created']);
  });

  it('copies the [seed] configuration\'s id and JSON exactly as the server sent them', async () => {
    const [seed] = webhookNodes(a, a.services.tree.root('dev'));
    assert.ok(seed);
    await vscode.commands.executeCommand('transcrypts.webhook.copyId', seed);
    assert.equal(await vscode.env.clipboard.readText(), SEED_CONFIGURATION.id);
    await vscode.commands.executeCommand('transcrypts.webhook.copyJson', seed);
    assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), SEED_CONFIGURATION);
  });

  it('lists every documented delivery in the history panel, named by its payload, the row\'s own values kept', async () => {
    const panel = await vscode.commands.executeCommand<{ loadedRows: ReadonlyArray<{ event_type: string; webhook_id: string; rowEventType?: string; rowWebhookId?: string }> }>(
      'transcrypts.history.open',
      a.services.tree.root('dev'),
    );
    assert.ok(panel);
    const rows = await until(() => (panel.loadedRows.length >= 1 + Object.keys(DOCUMENTED_PAYLOADS).length ? panel.loadedRows : undefined), 20_000, 'the rows');
    const seed = rows.find((r) => r.webhook_id === SEED_ROW.webhook_payload.webhook_id);
    assert.deepEqual(seed && [seed.event_type, seed.rowEventType, seed.rowWebhookId], ['order-status-updated', 'task-status-updated', SEED_ROW.webhook_id]);
    assert.deepEqual(
      rows.filter((r) => r.event_type.startsWith('instant-verification-')).map((r) => r.event_type).sort(),
      ['instant-verification-completed', 'instant-verification-failed'],
    );
  });
});

describe('Hardening: a hostile configuration in the tree (real VS Code)', function () {
  this.timeout(60_000);

  it('escapes and cuts server values in the label, the description and the tooltip; dates only as real dates', async () => {
    const a = await api();
    const srv = await startConformanceServer({ hostile: true });
    try {
      await config().update('apiBaseUrl', srv.baseUrl, vscode.ConfigurationTarget.Global);
      await a.services.connection.connectRemote(CLIENT_ID, { dev: SECRET });
      await a.services.catalog.refresh();
      const node = await until(() => webhookNodes(a, a.services.tree.root('dev')).find((n) => n.webhook.id === HOSTILE_CONFIGURATION.id), 10_000, 'the hostile node');
      const it = resolved(a, node);
      const label = labelOf(it);
      assert.ok(label.startsWith('\\u202Etxt.exe'), 'the override shows as an escape');
      assert.ok(label.length < 300, `label cut: ${label.length}`);
      const tip = (it.tooltip as vscode.MarkdownString).value;
      assert.ok(tip.length < 5_000, `tooltip cut: ${tip.length}`);
      assert.ok(!/!\[|\]\(/.test(tip.replace(/\\./g, '')), 'no image or link syntax survives unescaped');
      assert.match(tip, /\| Created \| _not a date_ \|/);
      assert.ok(!/[\u2028\u2029]/.test(tip), 'no raw line separator breaks the table');
      assert.equal((it.tooltip as vscode.MarkdownString).supportHtml, false);
    } finally {
      await a.services.connection.forget();
      a.services.catalog.clear();
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await srv.close();
    }
  });
});

describe('The embedded sandbox in the transcrypts profile (real VS Code)', function () {
  this.timeout(60_000);

  it('connects with Development and Production only, UUID ids and no enabled state', async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    await config().update('sandbox.profile', 'transcrypts', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('transcrypts.connect.sandbox');
      await until(() => a.services.catalog.state('dev').kind === 'loaded' && a.services.catalog.state('prod').kind === 'loaded', 20_000, 'loaded');
      assert.equal(a.services.sandbox.info()?.profile, 'transcrypts');
      assert.deepEqual(children(a).map((n) => labelOf(item(a, n))), ['Development', 'Production']);
      const nodes = [...webhookNodes(a, a.services.tree.root('dev')), ...webhookNodes(a, a.services.tree.root('prod'))];
      assert.equal(nodes.length, 8);
      for (const n of nodes) {
        assert.match(n.webhook.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(n.webhook.enabled, undefined);
        assert.match(item(a, n).contextValue ?? '', /^webhook;nostate;/);
      }
      // Trigger Test Event delivers, signed in the bare-hex form the platform documents.
      const s = a.services.sandbox.running;
      assert.ok(s);
      assert.equal(s.profile.signatureFormat, 'hex');
      // Replay, cURL, Listen and the receiver tests sign as this platform does, unless the setting forces a form.
      assert.equal(a.services.connection.signatureFormat(), 'hex');
      await config().update('signatureFormat', 'v1', vscode.ConfigurationTarget.Global);
      assert.equal(a.services.connection.signatureFormat(), 'v1');
      await config().update('signatureFormat', undefined, vscode.ConfigurationTarget.Global);
      // The profile changes while it runs: Use the Local Sandbox starts it again with the new one, its own data.
      // Watched from before the change until the user's command: a restart at any point between would be seen.
      let changedUnasked = false;
      const unasked = a.services.sandbox.onDidChange(() => (changedUnasked = true));
      let seen = false;
      const seeing = vscode.workspace.onDidChangeConfiguration((e) => (seen ||= e.affectsConfiguration('transcrypts.sandbox.profile')));
      try {
        await config().update('sandbox.profile', 'truv', vscode.ConfigurationTarget.Global);
        // The extension's listener ran before this one (registered first): whatever it does about the change, it has
        // begun. The watch goes on until the user's command below.
        await until(() => seen, 10_000, 'the profile change seen');
      } finally {
        seeing.dispose();
      }
      assert.equal(a.services.sandbox.info()?.profile, 'transcrypts');
      // The restart is not a sign-out: the sandbox never says it stopped (a connection to it would go), the
      // connection never goes, and it ends with the new sandbox's keys.
      let signedOut = false;
      let toldStopped = false;
      const watches = [
        a.services.connection.onDidChange(() => (signedOut ||= a.services.connection.mode === undefined)),
        a.services.sandbox.onDidChange((info) => (toldStopped ||= info === undefined)),
      ];
      unasked.dispose();
      assert.ok(!changedUnasked, 'not restarted under the user\'s feet');
      try {
        await vscode.commands.executeCommand('transcrypts.connect.sandbox');
        await until(() => a.services.sandbox.info()?.profile === 'truv' && a.services.catalog.state('sandbox').kind === 'loaded', 20_000, 'the sandbox again, on the truv profile');
      } finally {
        for (const w of watches) w.dispose();
      }
      assert.ok(!toldStopped, 'a restart is not told as a stop');
      assert.ok(!signedOut, 'not signed out by the restart');
      assert.equal(a.services.connection.mode, 'sandbox');
      await a.services.connection.flushed();
      assert.equal(await a.context.secrets.get('transcrypts.secret.sandbox'), a.services.sandbox.running?.credentials.secrets.sandbox, 'the new sandbox\'s key is the one stored');
      assert.deepEqual(children(a).map((n) => labelOf(item(a, n))), ['Sandbox', 'Development', 'Production']);
      assert.equal(a.services.connection.signatureFormat(), 'v1');
    } finally {
      await config().update('signatureFormat', undefined, vscode.ConfigurationTarget.Global);
      await a.services.connection.forget();
      await a.services.sandbox.stop();
      await config().update('sandbox.profile', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('One sandbox: a sandbox started outside VS Code is the local sandbox (real VS Code)', function () {
  this.timeout(60_000);

  it('knows a CLI-like sandbox it was pointed at (and not the documents\' server), and triggers test events there', async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    // Unseeded: its one configuration delivers to a closed loopback port (tests never reach another address).
    const outside = await startSandbox({ profile: 'transcrypts' });
    const direct = new TranscryptsClient({ baseUrl: outside.baseUrl, clientId: outside.credentials.clientId, secret: outside.credentials.secrets['dev'] ?? '' });
    await direct.createWebhook({ name: 'CLI receiver', webhook_url: 'http://127.0.0.1:9/hook', env_type: 'dev', events: ['order-created'] });
    const notASandbox = await startConformanceServer();
    try {
      await config().update('apiBaseUrl', notASandbox.baseUrl, vscode.ConfigurationTarget.Global);
      await a.services.connection.connectRemote(CLIENT_ID, { dev: SECRET });
      assert.equal(a.services.connection.localSandbox, undefined, 'the platform-like server is not a sandbox');
      await a.services.connection.forget();
      await config().update('apiBaseUrl', outside.baseUrl, vscode.ConfigurationTarget.Global);
      await a.services.connection.connectRemote(outside.credentials.clientId, outside.credentials.secrets);
      assert.deepEqual(a.services.connection.localSandbox, { baseUrl: outside.baseUrl, profile: 'transcrypts', dataDir: undefined, embedded: false });
      assert.equal(a.services.sandbox.info(), undefined, 'no second, embedded sandbox was started');
      await a.services.catalog.refresh();
      // Restored at a start: the probe waits for the sidebar's first rows (probeAfter), and Production's tooltip,
      // resolved on hover, follows its answer without the group being rendered again.
      const prod = a.services.tree.root('prod');
      let release = () => undefined as void;
      await a.services.connection.restore(new Promise<void>((r) => (release = r)));
      assert.equal(a.services.connection.localSandbox, undefined, 'not asked before the first rows');
      assert.deepEqual(a.services.connection.shown, { kind: 'checking', baseUrl: outside.baseUrl });
      assert.match(String(resolved(a, prod).tooltip), /^Production: live, billed data/);
      // What the restore itself tells the tree goes on its next 0 ms timer; the probe's answer comes after.
      const tick = () => new Promise((r) => setTimeout(r, 0));
      await tick();
      await tick();
      const fired: unknown[] = [];
      const sub = a.services.tree.onDidChangeTreeData((e) => fired.push(e));
      try {
        release();
        await until(() => a.services.connection.localSandbox !== undefined, 10_000, 'asked once released');
        assert.match(String(resolved(a, prod).tooltip), /^Production of the local sandbox/);
        assert.equal(a.services.connection.shown.kind, 'sandbox');
        // A render would be told on the tree's next 0 ms timer: none comes.
        await tick();
        await tick();
        assert.deepEqual(fired, [], 'no group rendered again for it');
      } finally {
        sub.dispose();
      }
      const node = webhookNodes(a, a.services.tree.root('dev')).find((n) => n.webhook.name === 'CLI receiver');
      assert.ok(node);
      const eventNode = children(a, node)[0];
      assert.ok(eventNode);
      const before = outside.store.requests.length;
      const sent = await vscode.commands.executeCommand<number | undefined>('transcrypts.webhook.triggerTestEvent', eventNode);
      assert.equal(sent, 1, 'sent to the one configuration');
      await until(() => outside.store.requests.length > before, 10_000, 'the delivery attempt recorded by the outside sandbox');
    } finally {
      await a.services.connection.forget();
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await outside.close();
      await notASandbox.close();
    }
  });

  it('shows a loopback API as a sandbox being checked until the probe answers, from activation on; a "no" tells the status bar only', async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    const notASandbox = await startConformanceServer();
    const told: string[] = [];
    const subs = [a.services.connection.onDidChange(() => told.push('change')), a.services.connection.onDidChangeShown(() => told.push('shown'))];
    let restarted: Connection | undefined;
    try {
      await config().update('apiBaseUrl', notASandbox.baseUrl, vscode.ConfigurationTarget.Global);
      await a.services.connection.connectRemote(CLIENT_ID, { dev: SECRET });
      assert.deepEqual(a.services.connection.shown, { kind: 'remote', baseUrl: notASandbox.baseUrl, environments: ['dev'] });
      // The next start, before its restore: the saved connection, its loopback API taken for a sandbox being checked
      // (not "not connected": the status bar's first state is the one a sandbox keeps).
      await a.services.connection.flushed();
      restarted = new Connection(a.context, a.services.sandbox, a.services.log);
      assert.equal(restarted.mode, undefined, 'not restored yet');
      assert.deepEqual(restarted.shown, { kind: 'checking', baseUrl: notASandbox.baseUrl });
      // Its restore: checked once the first rows are shown; the answer "no" tells the status bar, and nothing else.
      let release = () => undefined as void;
      await a.services.connection.restore(new Promise<void>((r) => (release = r)));
      assert.deepEqual(a.services.connection.shown, { kind: 'checking', baseUrl: notASandbox.baseUrl });
      told.length = 0;
      release();
      await until(() => told.length > 0, 10_000, 'the probe answered');
      assert.deepEqual(told, ['shown']);
      assert.deepEqual(a.services.connection.shown, { kind: 'remote', baseUrl: notASandbox.baseUrl, environments: ['dev'] }, 'not a sandbox');
    } finally {
      subs.forEach((d) => d.dispose());
      restarted?.dispose();
      await a.services.connection.forget();
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await notASandbox.close();
    }
    assert.deepEqual(a.services.connection.shown, { kind: 'none' }, 'signed out: not connected');
  });

  it('Use the Local Sandbox connects to the sandbox started outside VS Code (npm start) while it answers, not to a second one (M2)', async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    const outside = await startSandbox({ profile: 'transcrypts' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-dev-'));
    const file = path.join(dir, 'credentials.json');
    fs.writeFileSync(file, JSON.stringify({ client_id: outside.credentials.clientId, secrets: outside.credentials.secrets }));
    process.env.TRANSCRYPTS_SANDBOX_CREDENTIALS = file;
    let closed = false;
    try {
      await config().update('apiBaseUrl', outside.baseUrl, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('transcrypts.connect.sandbox'), true);
      assert.deepEqual(a.services.connection.localSandbox, { baseUrl: outside.baseUrl, profile: 'transcrypts', dataDir: undefined, embedded: false });
      assert.equal(a.services.sandbox.info(), undefined, 'no second, embedded sandbox was started');
      // Once it has stopped, the embedded sandbox is the local sandbox.
      await a.services.connection.forget();
      await outside.close();
      closed = true;
      assert.equal(await vscode.commands.executeCommand('transcrypts.connect.sandbox'), true);
      assert.equal(a.services.connection.localSandbox?.embedded, true);
      assert.ok(a.services.sandbox.info(), 'the embedded sandbox runs');
    } finally {
      delete process.env.TRANSCRYPTS_SANDBOX_CREDENTIALS;
      await a.services.connection.forget();
      await a.services.sandbox.stop();
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      if (!closed) await outside.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
