import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { EnvironmentNode } from '../../src/vscode/view/environmentNode';
import type { WebhookNode } from '../../src/vscode/view/webhookNode';
import { WebhooksTreeProvider, type Node } from '../../src/vscode/view/webhooksTree';
import { TreeDecorations } from '../../src/vscode/view/decorations';
import { Catalog } from '../../src/core/webhooks/catalog';
import { api, children, escapeUntilSettled, item, labelOf, logText, resolved, until } from './helpers';

function env(a: TestApi, e: 'sandbox' | 'dev' | 'prod'): EnvironmentNode {
  const n = a.services.tree.root(e);
  assert.ok(n);
  return n;
}

function webhookNodes(a: TestApi, e: 'sandbox' | 'dev' | 'prod'): WebhookNode[] {
  return children(a, env(a, e)).filter((n): n is WebhookNode => n.kind === 'webhook');
}

function byName(a: TestApi, e: 'sandbox' | 'dev' | 'prod', name: string): WebhookNode {
  const n = webhookNodes(a, e).find((w) => w.webhook.name === name);
  assert.ok(n, `${name} in ${e}`);
  return n;
}

async function sandboxFetch(a: TestApi, method: string, p: string, body?: unknown, envName: 'sandbox' | 'dev' | 'prod' = 'sandbox') {
  const s = a.services.sandbox.running;
  assert.ok(s);
  return fetch(new URL(p, s.origin), {
    method,
    headers: { 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': s.credentials.secrets[envName] ?? '', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('Sidebar: connection and tree (real VS Code, local sandbox)', function () {
  this.timeout(60_000);
  let a: TestApi;

  before(async () => {
    a = await api();
    assert.equal(children(a).length, 0, 'not connected: no roots, the welcome shows');
    assert.equal(await vscode.commands.executeCommand('transcrypts.connect.sandbox'), true);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', undefined, vscode.ConfigurationTarget.Global);
  });

  it('says when its first rows were handed to VS Code (what the Test Explorer\'s controller and the sandbox probe wait for), not with the roots', async () => {
    const catalog = new Catalog(a.services.connection);
    const decorations = new TreeDecorations();
    const tree = new WebhooksTreeProvider(catalog, decorations, () => true);
    const empty = new WebhooksTreeProvider(catalog, decorations, () => false);
    try {
      let shown = false;
      void tree.shown.then(() => (shown = true));
      await catalog.refresh();
      const roots = await tree.getChildren();
      assert.ok(roots.length > 0 && roots[0]);
      await new Promise((r) => setImmediate(r));
      assert.equal(shown, false, 'the roots alone are no rows');
      assert.ok((await tree.getChildren(roots[0])).length > 0);
      await until(() => shown, 5000, 'shown, with a group\'s configurations');
      // Not connected: roots without a group are all there is to show.
      assert.deepEqual(await empty.getChildren(), []);
      await empty.shown;
    } finally {
      tree.dispose();
      empty.dispose();
      decorations.dispose();
    }
  });

  it('renders again only the rows whose decoration changed (Listen\'s target, the configurations file\'s difference)', async () => {
    const { tree, decorations } = a.services;
    const [first, second] = webhookNodes(a, 'sandbox');
    assert.ok(first && second);
    const fired: Array<Node | Node[] | undefined> = [];
    const sub = tree.onDidChangeTreeData((e) => fired.push(e));
    try {
      decorations.setOutOfSync(new Map([[first.webhook.id, ['webhook_url']]]));
      await until(() => fired.length > 0, 5000, 'the change told');
      assert.deepEqual(fired, [[first]], 'only the configuration marked');
      assert.match(String(item(a, first).description), /^≠ file · /);
      assert.doesNotMatch(String(item(a, second).description), /≠ file/);
      // The same marks again: nothing to render.
      decorations.setOutOfSync(new Map([[first.webhook.id, ['webhook_url']]]));
      decorations.setListening(new Map([['sandbox', 'localhost:3000']]));
      await until(() => fired.length > 1, 5000, 'the group told');
      assert.deepEqual(fired.slice(1), [env(a, 'sandbox')], 'only the group whose target changed, and no second change for the same marks');
      assert.match(String(item(a, env(a, 'sandbox')).description), /^listening → localhost:3000 · /);
    } finally {
      decorations.setOutOfSync(new Map());
      decorations.setListening(new Map());
      sub.dispose();
    }
  });

  it('shows Sandbox, Development and Production with counts, sorted configurations, icons and tooltips', async () => {
    const roots = children(a);
    assert.deepEqual(roots.map((r) => labelOf(item(a, r))), ['Sandbox', 'Development', 'Production']);
    const prod = item(a, env(a, 'prod'));
    assert.equal((prod.iconPath as vscode.ThemeIcon).id, 'flame');
    assert.equal(prod.description, '3 configurations');
    // What is true of this connection: a local sandbox's Production holds sample data, not live data (m12).
    assert.equal(prod.tooltip, undefined, 'a group\'s tooltip is resolved on hover');
    assert.match(String(resolved(a, env(a, 'prod')).tooltip), /^Production of the local sandbox: sample data on this machine\./);
    const names = webhookNodes(a, 'prod').map((n) => n.webhook.name);
    assert.deepEqual(names, [...names].sort((x, y) => x.localeCompare(y)));
    const backup = item(a, byName(a, 'prod', 'Auto-disabled backup'));
    assert.equal((backup.iconPath as vscode.ThemeIcon).id, 'circle-slash');
    assert.equal(backup.contextValue, 'webhook;disabled;failing;idle;writable');
    assert.equal(backup.description, 'backup.example.com/hooks');
    // The tooltip is built on hover (resolveTreeItem), not with every item of a refresh.
    assert.equal(backup.tooltip, undefined);
    const tip = (resolved(a, byName(a, 'prod', 'Auto-disabled backup')).tooltip as vscode.MarkdownString).value;
    for (const field of ['ID', 'URL', 'Events', 'Environment', 'Created', 'Updated']) assert.match(tip, new RegExp(`\\| ${field} \\|`));
    const node = byName(a, 'prod', 'Production receiver');
    assert.equal(a.services.tree.getParent(node), env(a, 'prod'));
    const events = children(a, node);
    assert.equal(events.length, 19);
    assert.equal(a.services.tree.getParent(events[0] as Node), node);
  });

  it('marks a configuration failing from its recent history', async () => {
    await until(() => (item(a, byName(a, 'prod', 'Payroll data sync')).iconPath as vscode.ThemeIcon).id === 'warning', 10_000, 'failure stats');
    assert.match(String(item(a, byName(a, 'prod', 'Payroll data sync')).contextValue), /\bfailing\b/);
    assert.equal((item(a, byName(a, 'prod', 'Production receiver')).iconPath as vscode.ThemeIcon).id, 'pass');
  });

  it('disables and enables from a tree item, and the tree follows the server', async () => {
    const node = byName(a, 'sandbox', 'Local receiver');
    await vscode.commands.executeCommand('transcrypts.webhook.disable', node);
    const stored = a.services.sandbox.running?.store.webhooks.get(node.webhook.id);
    assert.equal(stored?.enabled, false);
    assert.equal(item(a, byName(a, 'sandbox', 'Local receiver')).contextValue?.startsWith('webhook;disabled;'), true);
    await vscode.commands.executeCommand('transcrypts.webhook.enable', node.webhook.id);
    assert.equal(a.services.sandbox.running?.store.webhooks.get(node.webhook.id)?.enabled, true);
  });

  it('copies the id, URL and JSON', async () => {
    const node = byName(a, 'dev', 'Link monitor');
    assert.equal(await vscode.commands.executeCommand('transcrypts.webhook.copyId', node), node.webhook.id);
    assert.equal(await vscode.commands.executeCommand('transcrypts.webhook.copyUrl', node), 'https://links.dev.example.com/events');
    const json = await vscode.commands.executeCommand<string>('transcrypts.webhook.copyJson', node);
    assert.deepEqual(JSON.parse(json), node.webhook);
  });

  it('cancels a create on Escape with nothing sent', async () => {
    const before = a.services.sandbox.running?.store.webhooks.size;
    const pending = vscode.commands.executeCommand('transcrypts.webhook.create');
    assert.equal(await escapeUntilSettled(pending), undefined);
    assert.equal(a.services.sandbox.running?.store.webhooks.size, before);
  });

  it('asks which configuration from the palette, and Escape leaves it unchanged', async () => {
    const pending = vscode.commands.executeCommand('transcrypts.webhook.rename');
    assert.equal(await escapeUntilSettled(pending), undefined);
  });

  it('says so and refreshes when a configuration was deleted elsewhere (404)', async () => {
    const node = byName(a, 'dev', 'Staging receiver');
    const res = await sandboxFetch(a, 'DELETE', `/v1/webhooks/${node.webhook.id}/`, undefined, 'dev');
    assert.equal(res.status, 204);
    assert.equal(await vscode.commands.executeCommand('transcrypts.webhook.disable', node), undefined);
    await until(() => !webhookNodes(a, 'dev').some((n) => n.webhook.id === node.webhook.id), 10_000, 'tree refresh');
  });

  it('retries a 429 and a 5xx on load; a lasting 5xx shows an error item while the others still show', async () => {
    let r = await sandboxFetch(a, 'POST', '/_sandbox/faults/', { rules: [{ kind: '429', count: 1, retry_after: '0' }, { kind: '5xx', count: 1 }] });
    assert.equal(r.status, 200);
    await vscode.commands.executeCommand('transcrypts.environment.refresh', env(a, 'prod'));
    assert.equal(a.services.catalog.state('prod').kind, 'loaded');
    r = await sandboxFetch(a, 'POST', '/_sandbox/faults/', { rules: [{ kind: '5xx', count: -1, path: '/v1/webhooks/' }] });
    await vscode.commands.executeCommand('transcrypts.environment.refresh', env(a, 'dev'));
    const kids = children(a, env(a, 'dev'));
    assert.equal(kids.length, 1);
    assert.equal(kids[0]?.kind, 'message');
    assert.match(labelOf(item(a, kids[0] as Node)), /^Could not load: The server failed GET \/v1\/webhooks\/ \(HTTP 503\)/);
    assert.equal(item(a, kids[0] as Node).contextValue, 'message;error;writable');
    assert.ok(webhookNodes(a, 'prod').length > 0, 'production still shows');
    await sandboxFetch(a, 'DELETE', '/_sandbox/faults/');
    await vscode.commands.executeCommand('transcrypts.environment.refresh', env(a, 'dev'));
    assert.equal(a.services.catalog.state('dev').kind, 'loaded');
  });

  it('triggers a test event from an event item; the delivery lands in the history', async () => {
    const s = a.services.sandbox.running;
    assert.ok(s);
    const before = s.store.requests.length;
    const node = byName(a, 'sandbox', 'Order updates (local)');
    const eventNode = children(a, node).find((n) => n.kind === 'event' && n.eventType === 'order-created');
    const n = await vscode.commands.executeCommand<number>('transcrypts.webhook.triggerTestEvent', eventNode);
    assert.ok(n >= 1);
    // Another attempt (a retry of an earlier delivery, another configuration's) may land first: wait for this one.
    await until(() => s.store.requests.slice(before).some((r) => r.event_type === 'order-created' && r.webhook_url === node.webhook.webhook_url), 10_000, 'its delivery attempt');
  });

  it('filters by name, URL or event', async () => {
    a.services.catalog.setFilter('orders');
    assert.deepEqual(webhookNodes(a, 'sandbox').map((n) => n.webhook.name), ['Order updates (local)']);
    assert.equal(item(a, env(a, 'sandbox')).description, '1 of 3');
    a.services.catalog.setFilter('link-connected');
    assert.ok(webhookNodes(a, 'dev').some((n) => n.webhook.name === 'Link monitor'));
    await vscode.commands.executeCommand('transcrypts.clearFilter');
    assert.equal(webhookNodes(a, 'sandbox').length, 3);
  });

  it('offers Start Listening on Production only with transcrypts.listen.allowProduction (m6), the other environments always', async () => {
    const envItem = (env: string) => String(item(a, a.services.tree.root(env)).contextValue);
    assert.match(envItem('dev'), /\blistenable\b/);
    assert.doesNotMatch(envItem('prod'), /\blistenable\b/, 'offered, then refused: not offered');
    await vscode.workspace.getConfiguration('transcrypts').update('listen.allowProduction', true, vscode.ConfigurationTarget.Global);
    try {
      await until(() => /\blistenable\b/.test(envItem('prod')), 5000, 'Production offered once allowed');
    } finally {
      await vscode.workspace.getConfiguration('transcrypts').update('listen.allowProduction', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => !/\blistenable\b/.test(envItem('prod')), 5000, 'Production no longer offered');
  });

  it('refuses every production write when production is read-only, and hides the actions', async () => {
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', true, vscode.ConfigurationTarget.Global);
    const node = byName(a, 'prod', 'Production receiver');
    assert.match(String(item(a, node).contextValue), /\breadonly\b/);
    assert.deepEqual(children(a, node).map((n) => item(a, n).contextValue), node.webhook.events.map(() => 'event;readonly'));
    assert.equal(await vscode.commands.executeCommand('transcrypts.webhook.disable', node), undefined);
    assert.equal(a.services.sandbox.running?.store.webhooks.get(node.webhook.id)?.enabled, true);
    assert.equal(await vscode.commands.executeCommand('transcrypts.webhook.delete', node), false);
    assert.ok(a.services.sandbox.running?.store.webhooks.has(node.webhook.id));
    await vscode.workspace.getConfiguration('transcrypts').update('production.readOnly', undefined, vscode.ConfigurationTarget.Global);
  });

  it('reports a rejected secret per environment (401) while the others load', async () => {
    const s = a.services.sandbox.running;
    assert.ok(s);
    const conn = a.services.connection;
    await vscode.workspace.getConfiguration('transcrypts').update('apiBaseUrl', s.baseUrl, vscode.ConfigurationTarget.Global);
    await conn.connectRemote(s.credentials.clientId, { sandbox: s.credentials.secrets.sandbox, dev: 'dev-this-is-not-the-secret' });
    await a.services.catalog.refresh();
    // The settings change and the new connection may start another load as well: wait for the last one.
    await until(() => (['sandbox', 'dev'] as const).every((e) => a.services.catalog.state(e).kind !== 'loading'), 10_000, 'the loads to settle');
    assert.equal(a.services.catalog.state('sandbox').kind, 'loaded');
    const devKids = children(a, env(a, 'dev'));
    assert.equal(labelOf(item(a, devKids[0] as Node)), 'Could not load: The dev secret was rejected (401)');
    // Production was not chosen: no group for it, and no "missing secret" noise.
    assert.deepEqual(a.services.catalog.groups(), ['sandbox', 'dev']);
    assert.deepEqual(children(a).map((n) => labelOf(item(a, n))), ['Sandbox', 'Development']);
  });

  it('keeps secrets out of the log, the settings and the global state', async () => {
    const s = a.services.sandbox.running;
    assert.ok(s);
    const secrets = [...Object.values(s.credentials.secrets), 'dev-this-is-not-the-secret'];
    a.services.log.info(`a line that mentions ${s.credentials.secrets.prod} by mistake`);
    const logs = await logText(a, /a line that mentions (prod-)?\[redacted\]/);
    const state = JSON.stringify(a.context.globalState.keys().map((k) => a.context.globalState.get(k)));
    const settings = JSON.stringify(vscode.workspace.getConfiguration('transcrypts'));
    for (const secret of secrets) {
      assert.ok(!logs.includes(secret), 'log');
      assert.ok(!state.includes(secret), 'global state');
      assert.ok(!settings.includes(secret), 'settings');
    }
    await a.services.connection.flushed();
    assert.equal(await a.context.secrets.get('transcrypts.secret.sandbox'), s.credentials.secrets.sandbox, 'in SecretStorage');
  });
});
