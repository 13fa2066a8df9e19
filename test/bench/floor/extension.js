// The floor: what VS Code itself costs for the same UI, with nothing of ours on the path. Plain JS, no dependencies.
// A tree of 3 groups and FLOOR_ITEMS static items; a webview panel that renders 100 rows posted by this host,
// and answers a page request of 500 rows (with or without payloads) the way the history panel does.
'use strict';
const vscode = require('vscode');

const N = Number(process.env.FLOOR_ITEMS || 10);
const GROUPS = ['Sandbox', 'Development', 'Production'];
/** The commands of the menus the bench copied from ours onto floor.menus (package.json), if it did. */
const FLOOR_MENU_COMMANDS = (require('./package.json').contributes.commands || []).map((c) => c.command).filter((c) => c.startsWith('floor.m.'));

function payload(i) {
  // About 1 KB, like a delivery's payload.
  const p = { webhook_id: i.toString(16).padStart(32, '0'), event_type: 'order-created', event_created_at: new Date(1e12 + i * 1000).toISOString() };
  for (let k = 0; JSON.stringify(p).length < 1000; k++) p[`field_${k}`] = `value ${i} ${k} lorem ipsum`;
  return p;
}

function rows(from, count, withPayloads) {
  const out = [];
  for (let i = from; i < from + count; i++) {
    const r = { key: i, webhook_id: i.toString(16).padStart(32, '0'), event_type: 'order-created', event_created_at: new Date(1e12 + i * 1000).toISOString(), status_code: i % 9 === 0 ? 500 : 200, error_message: null, webhook_url: 'http://127.0.0.1:3000/bench' };
    if (withPayloads) r.payload = payload(i);
    out.push(r);
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
    if (e.child !== undefined) {
      const t = new vscode.TreeItem(`event ${e.child}`, vscode.TreeItemCollapsibleState.None);
      if (this.menus) t.contextValue = 'event;writable';
      return t;
    }
    if (e.group !== undefined) {
      const t = new vscode.TreeItem(`${GROUPS[e.group]}`, vscode.TreeItemCollapsibleState.Expanded);
      t.description = `${Math.ceil(N / 3)} items`;
      t.contextValue = this.menus ? 'environment;connected;writable' : 'group';
      t.id = `${this.prefix}g${e.group}`;
      if (this.menus) t.iconPath = new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue'));
      return t;
    }
    const t = new vscode.TreeItem(`Item ${String(e.i).padStart(4, '0')}`, this.nested || this.menus ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.description = `https://hooks${e.i}.example.com/transcrypts`;
    t.tooltip = `Item ${e.i}`;
    t.accessibilityInformation = { label: `Item ${String(e.i).padStart(4, '0')}, enabled, ${t.description}` };
    t.iconPath = this.menus ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('pass');
    if (this.menus) t.contextValue = 'webhook;enabled;;idle;writable';
    t.id = `${this.prefix}i${e.i}`;
    return t;
  }
  getChildren(e) {
    if (!e) return GROUPS.map((_, group) => ({ group }));
    if (e.group === undefined) return (this.nested || this.menus) && e.child === undefined ? [0, 1, 2].map((child) => ({ child, i: e.i })) : [];
    const out = [];
    for (let i = e.group; i < N; i += 3) out.push({ i });
    return out;
  }
}

function html(nonce) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">body{font:var(--vscode-font-size) var(--vscode-font-family);color:var(--vscode-foreground)} .row{display:flex;gap:12px;height:22px;align-items:center} .row span:first-child{width:12em}</style>
</head><body><h1>Floor history</h1><button id="page">Page</button><div id="list"></div>
<script nonce="${nonce}">
const api = acquireVsCodeApi();
const list = document.getElementById('list');
window.__floor = { shown: 0, pages: [] };
function render(rs, append) {
  const frag = document.createDocumentFragment();
  for (const r of rs) {
    const d = document.createElement('div'); d.className = 'row';
    for (const t of [r.event_created_at, r.event_type, String(r.status_code)]) { const s = document.createElement('span'); s.textContent = t; d.append(s); }
    frag.append(d);
  }
  if (!append) list.textContent = '';
  list.append(frag);
  window.__floor.shown = list.children.length;
}
let asked = 0;
document.getElementById('page').addEventListener('click', () => { asked = performance.now(); api.postMessage({ type: 'page', withPayloads: document.body.dataset.payloads !== 'no' }); });
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type === 'rows') { render(m.rows, false); requestAnimationFrame(() => setTimeout(() => { document.body.dataset.painted = 'yes'; window.__floor.painted = Date.now(); }, 0)); }
  if (m.type === 'page') { render(m.rows, true); requestAnimationFrame(() => window.__floor.pages.push(performance.now() - asked)); }
});
api.postMessage({ type: 'ready' });
</script></body></html>`;
}

exports.activate = (context) => {
  // The context key our menus read (a local sandbox: Trigger Test Event shows), set before the tree renders, as ours.
  void vscode.commands.executeCommand('setContext', 'floor.localSandbox', true);
  // The commands the copied menus name do nothing: only their rendering is measured.
  for (const id of FLOOR_MENU_COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(id, () => undefined));
  context.subscriptions.push(
    vscode.window.createTreeView('floor.menus', { treeDataProvider: new Tree(false, true) }),
    vscode.window.createTreeView('floor.tree', { treeDataProvider: new Tree(false) }),
    vscode.window.createTreeView('floor.nested', { treeDataProvider: new Tree(true) }),
    vscode.commands.registerCommand('floor.open', () => {
      const panel = vscode.window.createWebviewPanel('floor.history', 'Floor history', vscode.ViewColumn.Active, { enableScripts: true });
      const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
      let next = 100;
      panel.webview.onDidReceiveMessage((m) => {
        if (m.type === 'ready') void panel.webview.postMessage({ type: 'rows', rows: rows(0, 100, true) });
        if (m.type === 'page') {
          void panel.webview.postMessage({ type: 'page', rows: rows(next, 500, m.withPayloads) });
          next += 500;
        }
      });
      panel.webview.html = html(nonce);
    }),
  );
};
exports.deactivate = () => undefined;
