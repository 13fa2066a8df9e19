// The floor: what VS Code itself costs for the same UI, with nothing of ours on the path. Plain JS, no dependencies.
// Both views read the same sandbox as ours (FLOOR_API, the keys in TRANSCRYPTS_SANDBOX_CREDENTIALS), with bare
// fetches and no cache or snapshot: a tree of the three environments' configurations (each group's list fetched
// when VS Code asks for it, every page), and a history panel whose webview renders a virtual list (the visible rows
// plus an overscan, as ours) of the pages its host fetches (the first of 100, then 500 per request, as ours).
'use strict';
const fs = require('fs');
const http = require('http');
const vscode = require('vscode');

const API = process.env.FLOOR_API || '';
/** A group shows this many configurations and a row saying how many of how many, as ours does (FLOOR_GROUP_PAGE). */
const GROUP_PAGE = Number(process.env.FLOOR_GROUP_PAGE) || Infinity;
const GROUPS = [
  ['Sandbox', 'sandbox'],
  ['Development', 'dev'],
  ['Production', 'prod'],
];
const MANIFEST = require('./package.json');
/** The commands of the menus the bench copied from ours onto floor.menus (package.json), if it did; with our registrations (below), all of ours. */
const FLOOR_MENU_COMMANDS = (MANIFEST.contributes.commands || []).map((c) => c.command).filter((c) => c.startsWith('floor.m.'));

function fileKeys() {
  const file = process.env.TRANSCRYPTS_SANDBOX_CREDENTIALS;
  return file ? JSON.parse(fs.readFileSync(file, 'utf8')) : { client_id: '', secrets: {} };
}

/**
 * The keys. The floor keeps its secrets where an extension must (SecretStorage, as ours does): read at activation,
 * the environments in parallel, stored there from the file on the first start only. With FLOOR_SECRET_STORAGE=0, read
 * from the file (no such read on the path: the floor the first figures were taken against).
 */
let stored;
function keys() {
  return stored || fileKeys();
}
async function fromSecretStorage(context) {
  const k = fileKeys();
  const envs = Object.keys(k.secrets);
  const values = await Promise.all(envs.map((env) => context.secrets.get(`floor.secret.${env}`)));
  const secrets = {};
  await Promise.all(
    envs.map(async (env, i) => {
      secrets[env] = values[i];
      if (values[i] === undefined) {
        secrets[env] = k.secrets[env];
        await context.secrets.store(`floor.secret.${env}`, k.secrets[env]);
      }
    }),
  );
  stored = { client_id: k.client_id, secrets };
}
let keysReady = Promise.resolve();

/**
 * One GET of the sandbox's API (FLOOR_API ends with /v1/) as the environment's keys; the parsed body. Node's http
 * module, as bare as it gets (the global fetch loads undici on its first call: a cost ours, on node-fetch, has not).
 */
async function get(env, url) {
  await keysReady;
  const k = keys();
  const headers = { Accept: 'application/json', 'X-Access-Client-Id': k.client_id, 'X-Access-Secret': k.secrets[env] || '' };
  return new Promise((resolve, reject) => {
    http
      .get(new URL(url, API), { headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

/**
 * Every configuration of an environment, page by page, as ours must: the platform documents no page size for this
 * list (api.md), so neither asks for one (the sandbox's pages are 100).
 */
async function configurations(env) {
  const out = [];
  for (let url = 'webhooks/'; url; ) {
    const page = await get(env, url);
    out.push(...page.results);
    url = page.next;
  }
  return out;
}

class Tree {
  /**
   * nested: items are collapsible with 3 children each, as our configurations with their events. menus: also our
   * items' context values, coloured icons and menus (the bench copies our view/item/context menus onto this view).
   */
  constructor(nested, menus = false) {
    this.nested = nested;
    this.menus = menus;
    this.prefix = menus ? 'm' : nested ? 'n' : '';
  }
  getTreeItem(e) {
    if (e.more) return new vscode.TreeItem(`${e.more.shown.toLocaleString('en-US')} of ${e.more.total.toLocaleString('en-US')} configurations shown`, vscode.TreeItemCollapsibleState.None);
    if (e.child !== undefined) {
      const t = new vscode.TreeItem(`event ${e.child}`, vscode.TreeItemCollapsibleState.None);
      if (this.menus) t.contextValue = 'event;writable';
      return t;
    }
    if (e.group !== undefined) {
      const t = new vscode.TreeItem(GROUPS[e.group][0], vscode.TreeItemCollapsibleState.Expanded);
      t.contextValue = this.menus ? 'environment;connected;writable' : 'group';
      t.id = `${this.prefix}g${e.group}`;
      if (this.menus) t.iconPath = new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue'));
      return t;
    }
    const w = e.w;
    const t = new vscode.TreeItem(w.name, this.nested || this.menus ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.description = w.webhook_url;
    t.tooltip = w.name;
    t.accessibilityInformation = { label: `${w.name}, ${w.enabled === false ? 'disabled' : 'enabled'}, ${w.webhook_url}` };
    t.iconPath = this.menus ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('pass');
    if (this.menus) t.contextValue = 'webhook;enabled;;idle;writable';
    t.id = `${this.prefix}i${w.id}`;
    return t;
  }
  async getChildren(e) {
    if (!e) return GROUPS.map((_, group) => ({ group }));
    if (e.group !== undefined) {
      const all = await configurations(GROUPS[e.group][1]);
      const shown = all.slice(0, GROUP_PAGE).map((w) => ({ w }));
      firstRows();
      return all.length > GROUP_PAGE ? [...shown, { more: { shown: GROUP_PAGE, total: all.length } }] : shown;
    }
    return (this.nested || this.menus) && e.child === undefined ? [0, 1, 2].map((child) => ({ child, w: e.w })) : [];
  }
}

function html(nonce) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">body{font:var(--vscode-font-size) var(--vscode-font-family);color:var(--vscode-foreground);margin:0;display:flex;flex-direction:column;height:100vh}
#list{flex:1;overflow:auto;position:relative} #spacer{position:relative} .row{position:absolute;left:0;right:0;display:flex;gap:12px;height:24px;align-items:center} .row span:first-child{width:14em}</style>
</head><body><h1>Floor history</h1><button id="page">Page</button><div id="list"><div id="spacer"></div></div>
<script nonce="${nonce}">
const api = acquireVsCodeApi();
const list = document.getElementById('list');
const spacer = document.getElementById('spacer');
const H = 24, OVERSCAN = 8;
const pool = [];
let rows = [], more = false, loading = 0, frame = 0;
window.__floor = { shown: 0, pages: [], loaded: () => rows.length, hasMore: () => more, loading: () => loading > 0 };
function draw() {
  frame = 0;
  const first = Math.max(0, Math.floor(list.scrollTop / H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((list.scrollTop + list.clientHeight) / H) + OVERSCAN);
  while (pool.length < last - first) {
    const d = document.createElement('div'); d.className = 'row';
    for (let k = 0; k < 4; k++) d.append(document.createElement('span'));
    spacer.append(d); pool.push(d);
  }
  pool.forEach((d, i) => {
    const r = rows[first + i];
    d.hidden = !r;
    if (!r) return;
    d.style.transform = 'translateY(' + (first + i) * H + 'px)';
    const s = d.children;
    s[0].textContent = r.event_created_at; s[1].textContent = r.event_type; s[2].textContent = String(r.status_code); s[3].textContent = r.webhook_url;
  });
  if (more && !loading && last >= rows.length - OVERSCAN) ask();
}
const schedule = () => { if (!frame) frame = requestAnimationFrame(draw); };
list.addEventListener('scroll', schedule, { passive: true });
function ask() { loading = performance.now(); api.postMessage({ type: 'page' }); }
document.getElementById('page').addEventListener('click', ask);
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type !== 'rows') return;
  const first = rows.length === 0;
  rows = rows.concat(m.rows); more = m.hasMore;
  spacer.style.height = rows.length * H + 'px';
  window.__floor.shown = rows.length;
  if (loading) window.__floor.pages.push(performance.now() - loading);
  loading = 0;
  draw();
  if (first) requestAnimationFrame(() => setTimeout(() => { document.body.dataset.painted = 'yes'; window.__floor.painted = Date.now(); }, 0));
});
api.postMessage({ type: 'ready' });
</script></body></html>`;
}

/** A history page as ours sends it to its webview: the row's fields and its payload as JSON text. */
async function historyPage(next, size) {
  // The next page's link keeps the first page's size: ask for the size wanted, as ours does.
  const url = new URL(next || 'webhook-requests/', API);
  url.searchParams.set('page_size', String(size));
  const page = await get('sandbox', url.toString());
  const rows = page.results.map((r, i) => ({ key: i, webhook_id: r.webhook_id, event_type: r.event_type, event_created_at: r.event_created_at, status_code: r.status_code, error_message: r.error_message, webhook_url: r.webhook_url, payloadJson: JSON.stringify(r.webhook_payload) }));
  return { rows, next: page.next };
}

function openHistory() {
  const panel = vscode.window.createWebviewPanel('floor.history', 'Floor history', vscode.ViewColumn.Active, { enableScripts: true });
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  let next;
  const send = async (size) => {
    const p = await historyPage(next, size);
    next = p.next;
    void panel.webview.postMessage({ type: 'rows', rows: p.rows, hasMore: !!p.next });
  };
  panel.webview.onDidReceiveMessage((m) => {
    if (m.type === 'ready') void send(100);
    if (m.type === 'page' && next) void send(500);
  });
  panel.webview.html = html(nonce);
}

/** Settles when a group's configurations were first handed to VS Code (ours' `tree.shown`). */
let firstRows;
const firstRowsShown = new Promise((resolve) => (firstRows = resolve));

/**
 * `floorRegistrations` in the manifest (floorSetup.ts's floorVsix(true), with copies of our commands, tools and task
 * type; floor.ts's figures "against the floor with our registrations"): the floor also makes every registration ours
 * makes at activation, each doing nothing, so that what VS Code itself costs for them is measured apart from our own
 * work. The log channel, the connection's status bar item and Listen's (hidden), 16 language-model tools (from the
 * copied manifest), the MCP server definition provider where VS Code has the API (ours too: 1.101 on), three text
 * document content providers, three diagnostic collections, two code action providers, a code lens provider, a task
 * provider, a terminal link provider, a webview panel serializer, a file system watcher per workspace folder, the
 * context keys ours sets at a start, and the Test Explorer's controller with three run profiles once the first rows
 * are shown (a second at most), as ours.
 */
function registerLikeOurs(context) {
  const subs = context.subscriptions;
  const log = vscode.window.createOutputChannel('Floor', { log: true });
  log.info('Floor activated with the registrations of ours.');
  const status = vscode.window.createStatusBarItem('floor.connection', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Floor connection';
  status.command = 'floor.open';
  status.text = '$(beaker) Floor: sandbox';
  status.tooltip = 'Connected to the floor sandbox.';
  status.accessibilityInformation = { label: status.tooltip };
  status.show();
  const listen = vscode.window.createStatusBarItem('floor.listen', vscode.StatusBarAlignment.Left, 9);
  listen.name = 'Floor listen';
  subs.push(log, status, listen);
  for (const t of MANIFEST.contributes.languageModelTools || []) subs.push(vscode.lm.registerTool(t.name, { invoke: () => new vscode.LanguageModelToolResult([]) }));
  const mcp = vscode.lm.registerMcpServerDefinitionProvider;
  if (typeof mcp === 'function') {
    const changed = new vscode.EventEmitter();
    subs.push(mcp.call(vscode.lm, 'floor.mcp', { onDidChangeMcpServerDefinitions: changed.event, provideMcpServerDefinitions: () => [] }), changed);
  }
  for (const scheme of ['floor-payload', 'floor-plan', 'floor-schema']) subs.push(vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => '' }));
  for (const name of ['floor-config', 'floor-config-drift', 'floor-fixtures']) subs.push(vscode.languages.createDiagnosticCollection(name));
  subs.push(
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.json' }, { provideCodeActions: () => [] }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'typescript' }], { provideCodeActions: () => [] }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeLensProvider([{ language: 'json' }, { language: 'jsonc' }], { provideCodeLenses: () => [] }),
    vscode.tasks.registerTaskProvider('floor-listen', { provideTasks: () => [], resolveTask: () => undefined }),
    vscode.window.registerTerminalLinkProvider({ provideTerminalLinks: () => [], handleTerminalLink: () => undefined }),
    vscode.window.registerWebviewPanelSerializer('floor.history', { deserializeWebviewPanel: async (panel) => panel.dispose() }),
    ...(vscode.workspace.workspaceFolders || []).map((wf) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(wf, '**/schemas/*.schema.json'))),
  );
  for (const [key, value] of [
    ['floor.connected', true],
    ['floor.hasEnabledState', true],
    ['floor.accountConnected', false],
  ])
    void vscode.commands.executeCommand('setContext', key, value);
  const soon = Promise.race([firstRowsShown, new Promise((resolve) => setTimeout(resolve, 1000))]);
  void soon.then(() => {
    const controller = vscode.tests.createTestController('floor.receiver', 'Floor receiver');
    controller.resolveHandler = (item) => {
      if (!item) controller.items.replace([controller.createTestItem('floor.rules', 'Platform rules')]);
    };
    for (const [label, kind, isDefault] of [
      ['Run', vscode.TestRunProfileKind.Run, true],
      ['Debug', vscode.TestRunProfileKind.Debug, true],
      ['Replay History', vscode.TestRunProfileKind.Run, false],
    ])
      controller.createRunProfile(label, kind, () => undefined, isDefault);
    subs.push(controller);
  });
}

exports.activate = (context) => {
  if (process.env.FLOOR_SECRET_STORAGE !== '0') keysReady = fromSecretStorage(context);
  // The context key our menus read (a local sandbox: Trigger Test Event shows), set before the tree renders, as ours.
  void vscode.commands.executeCommand('setContext', 'floor.localSandbox', true);
  // The commands the copied menus name do nothing: only their rendering is measured.
  for (const id of FLOOR_MENU_COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(id, () => undefined));
  context.subscriptions.push(
    vscode.window.createTreeView('floor.menus', { treeDataProvider: new Tree(false, true) }),
    vscode.window.createTreeView('floor.tree', { treeDataProvider: new Tree(false) }),
    vscode.window.createTreeView('floor.nested', { treeDataProvider: new Tree(true) }),
    vscode.commands.registerCommand('floor.open', openHistory),
  );
  if (MANIFEST.floorRegistrations) registerLikeOurs(context);
};
exports.deactivate = () => undefined;
