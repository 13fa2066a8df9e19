import vscode = require('vscode');
import { settlesWithin } from '../../core/settles';
import { ApiError } from '../../core/api/errors';
import { envLabel, type EnvType } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';
import { EnvironmentNode } from './environmentNode';
import { EventNode } from './eventNode';
import { MessageNode } from './messageNode';
import { MoreNode } from './moreNode';
import { PlaceholderNode } from './placeholderNode';
import { WebhookNode } from './webhookNode';
import { affects, setting } from '../platform/settings/read';
import type { TreeDecorations } from './decorations';
import { environmentView, eventView, GROUP_PAGE, messageView, moreView, placeholderView, webhookTooltip, webhookView, type ItemView } from './itemViews';

export type Node = EnvironmentNode | WebhookNode | EventNode | MessageNode | PlaceholderNode | MoreNode;

/** The longest the tree's first answers wait for the saved connection or a group's list. */
const RESTORE_WAIT_MS = 3000;

/** `p` settled (either way), or RESTORE_WAIT_MS passed: whichever comes first. */
function atMost(p: Promise<unknown>): Promise<void> {
  return settlesWithin(p, RESTORE_WAIT_MS).then(() => undefined);
}

/**
 * The "Webhooks" view: environments → configurations → events. Stable ids and `getParent`, so `reveal` works;
 * nodes are kept per id so a refreshed configuration is the same node.
 */
export class WebhooksTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node per group ever shown, so a refreshed group is the same node (`reveal`, expansion state). */
  private readonly envNodes = new Map<EnvType, EnvironmentNode>();
  private readonly webhookNodes = new Map<string, WebhookNode>();
  private readonly unsubscribe: () => void;
  private readonly settingsListener: vscode.Disposable;
  /** Changes waiting to be told to VS Code: the environments, or everything (`all`). */
  private pending: { all: boolean; envs: Set<EnvType>; stats: Set<EnvType> } | undefined;
  /**
   * Data changes so far, and the change each answer VS Code holds was computed at: `root`, a group's children
   * (`env:<env>`), a group's own item (`item:<env>`, its count or "loading…").
   */
  private version = 0;
  private readonly served = new Map<string, number>();
  private readonly decorationsListener: vscode.Disposable;

  constructor(
    private readonly catalog: Catalog,
    /** Listen's targets and the configurations file's differences: a change renders the rows it marks. */
    private readonly decorations: TreeDecorations,
    private readonly isConnected: () => boolean,
    /** Connected to a local sandbox: its environments hold sample data (said in Production's tooltip). */
    private readonly isLocal: () => boolean = () => false,
  ) {
    this.shown = new Promise((resolve) => (this.markShown = resolve));
    this.unsubscribe = catalog.onChange((env, what) => this.schedule(env, what));
    this.decorationsListener = decorations.onDidChange((c) => {
      for (const env of c.envs) this.schedule(env);
      this.refreshWebhooks(c.ids);
    });
    // Before anything renders again for the change (the refresh it causes is scheduled).
    this.settingsListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'production.readOnly')) this.readOnly = setting('production.readOnly');
      if (affects(e, 'listen.allowProduction')) {
        this.allowProductionListen = setting('listen.allowProduction');
        this.schedule('prod');
      }
    });
  }

  /**
   * One change event per burst: a refresh of three environments changes the catalog nine times (loading, loaded,
   * failure rates); VS Code renders the tree again at each event. An environment's change refreshes its group only.
   */
  private schedule(env: EnvType | undefined, what: 'data' | 'stats' = 'data'): void {
    if (!this.pending) {
      this.pending = { all: false, envs: new Set(), stats: new Set() };
      setTimeout(() => this.flush(), 0);
    }
    if (what === 'data') this.version++;
    if (env === undefined) this.pending.all = true;
    else if (what === 'stats') this.pending.stats.add(env);
    else this.pending.envs.add(env);
  }

  /**
   * VS Code holds nothing stale for this: it asked after the last change, or never asked (it will ask when it
   * renders). Telling it again would render the same items twice.
   */
  private current(key: string): boolean {
    const at = this.served.get(key);
    return at === undefined || at === this.version;
  }

  /** VS Code holds nothing stale of the group `e`: neither its item nor its children. */
  private groupCurrent(e: EnvType): boolean {
    return this.current(`env:${e}`) && this.current(`item:${e}`);
  }

  private flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    // A group not shown yet (a new env_type) changes the roots: everything.
    const shown = new Set(this.catalog.groups());
    if (p.all || [...p.envs].some((e) => !shown.has(e) || !this.envNodes.has(e))) {
      const fresh = this.current('root') && [...shown].every((e) => this.groupCurrent(e));
      if (!fresh) this.changed.fire(undefined);
      return;
    }
    // A group's item counts as well as its children: VS Code may have asked for the children after the change (a list
    // that answered while it waited) but built the item before it ("loading…"): it would show that until the next
    // change, the CPU idle.
    for (const e of p.envs) if (!this.groupCurrent(e)) this.changed.fire(this.root(e));
    // New failure rates: only the configurations whose failing state changed (a group already refreshed has them).
    const changed = [...this.webhookNodes.values()].filter(
      (n) =>
        p.stats.has(n.parent.env) &&
        !p.envs.has(n.parent.env) &&
        n.shownFailing !== undefined &&
        n.shownFailing !== this.catalog.isFailing(n.webhook) &&
        this.catalog.find(n.webhook.id) !== undefined,
    );
    if (changed.length) this.changed.fire(changed);
  }

  /** `production.readOnly`, kept up to date: read per item, the setting cost 20 ms for 1,000 configurations. */
  private readOnly = setting('production.readOnly');
  /** `listen.allowProduction`: Start Listening is offered on Production only with it. */
  private allowProductionListen = setting('listen.allowProduction');

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node, this.viewOf(node));
  }

  /** What a row shows: a pure function of the catalog's facts for it, the settings and the decorations. */
  private viewOf(node: Node): ItemView {
    switch (node.kind) {
      case 'environment': {
        this.served.set(`item:${node.env}`, this.version);
        return this.environmentViewOf(node);
      }
      case 'webhook': {
        const w = node.webhook;
        const failing = this.catalog.isFailing(w);
        node.shownFailing = failing;
        return webhookView({ webhook: w, deleting: this.catalog.isDeleting(w.id), failing, outOfSync: this.decorations.outOfSync(w.id), writable: node.writable(this.readOnly) });
      }
      case 'event':
        return eventView(node.eventType, node.parent.writable(this.readOnly));
      case 'message':
        return messageView(node.env, node.message, node.text, !(this.readOnly && node.env === 'prod'));
      case 'more':
        return moreView(node.shown, node.total, node.step);
      case 'placeholder':
        return placeholderView(node.label);
    }
  }

  private environmentViewOf(node: EnvironmentNode): ItemView {
    return environmentView({
      env: node.env,
      state: this.catalog.state(node.env).kind,
      count: this.catalog.count(node.env),
      shown: this.catalog.shown(node.env),
      filter: this.catalog.filter,
      foreign: this.catalog.isForeign(node.env),
      stale: this.catalog.isStale(node.env),
      listening: this.decorations.listeningTo(node.env),
      readOnly: this.readOnly,
      allowProductionListen: this.allowProductionListen,
      local: node.env === 'prod' && this.isLocal(),
    });
  }

  /**
   * The tooltips, built when VS Code asks for them (hover, focus), not with every item: a configuration's (Markdown),
   * and a group's, which says whether Production is a local sandbox's — known once the probe answered, after the
   * first paint (Connection.restore), without rendering the group again.
   */
  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node.kind === 'environment') item.tooltip = this.environmentViewOf(node).tooltip;
    if (node.kind === 'webhook') {
      const md = new vscode.MarkdownString(webhookTooltip(node.webhook, this.catalog.failureStats(node.webhook), this.decorations.outOfSync(node.webhook.id)), true);
      md.supportHtml = false;
      md.isTrusted = false;
      item.tooltip = md;
    }
    return item;
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  /**
   * The first answer for the roots waits for what it shows first, `first()` — asked then, so that its time counts from
   * VS Code's question — at most RESTORE_WAIT_MS: an empty answer first would show an empty tree, then the
   * configurations, a round trip later.
   */
  whenReady(first: () => Promise<unknown>): void {
    this.first = first;
  }

  private first: (() => Promise<unknown>) | undefined;
  private restoring: Promise<void> | undefined;

  /**
   * Settles once the tree's first rows were handed to VS Code: a group's configurations (or its message), or roots
   * without a group. What comes after the first paint (the Test Explorer's registration, the sandbox probe) waits
   * for it, so as not to reach the workbench or the server while the first rows are on their way.
   */
  readonly shown: Promise<void>;
  private markShown: () => void = () => undefined;

  getChildren(node?: Node): Node[] | Thenable<Node[]> {
    if (!node && this.first) {
      this.restoring = atMost(this.first()).then(() => {
        this.restoring = undefined;
      });
      this.first = undefined;
    }
    if (!node && this.restoring) return this.restoring.then(() => this.answer());
    // A group being listed answers with its configurations (bounded), not "nothing" then a second render.
    if (node?.kind === 'environment' && this.catalog.state(node.env).kind === 'loading') {
      return atMost(this.catalog.whenListed(node.env)).then(() => this.answer(node));
    }
    return this.answer(node);
  }

  /** `childrenOf`, noting the first answer that shows rows (`shown`). */
  private answer(node?: Node): Node[] {
    const children = this.childrenOf(node);
    if (node ? node.kind === 'environment' : children.length === 0) this.markShown();
    return children;
  }

  /** The children now, as the model has them. */
  childrenOf(node?: Node): Node[] {
    if (!node || node.kind === 'environment') this.served.set(node ? node.id : 'root', this.version);
    if (!node) this.shownConnection = this.connectionShown();
    if (!node) return this.isConnected() ? this.catalog.groups().map((e) => this.root(e)) : [];
    if (node.kind === 'environment') return this.environmentChildren(node);
    if (node.kind === 'webhook') return node.webhook.events.map((e) => new EventNode(e, node));
    return [];
  }

  /** The node of an environment group. */
  root(env: EnvType): EnvironmentNode {
    let n = this.envNodes.get(env);
    if (!n) {
      n = new EnvironmentNode(env);
      this.envNodes.set(env, n);
    }
    return n;
  }

  private environmentChildren(node: EnvironmentNode): Node[] {
    const state = this.catalog.state(node.env);
    const label = envLabel(node.env);
    if (state.kind === 'nosecret') return [new MessageNode('nosecret', vscode.l10n.t('Add the {0} secret to see {1} configurations', node.env, label), node)];
    if (state.kind === 'error') {
      const e = state.error;
      const why = e instanceof ApiError && e.kind === 'auth' ? vscode.l10n.t('The {0} secret was rejected (401)', node.env) : e.message;
      return [new MessageNode('error', vscode.l10n.t('Could not load: {0}', why), node)];
    }
    const out: Node[] = this.catalog.pendingCreates(node.env).map((p) => new PlaceholderNode(p.key, vscode.l10n.t('Creating {0}…', p.label), node));
    const foreign = this.catalog.isForeign(node.env);
    const all = this.catalog.webhooks(node.env);
    const limit = this.limitOf(node.env);
    for (let i = 0; i < all.length && i < limit; i++) out.push(this.nodeFor(all[i] as WebhookNode['webhook'], node, foreign));
    if (all.length > limit) out.push(new MoreNode(node, limit, all.length, GROUP_PAGE));
    if (out.length === 0 && state.kind === 'loaded') {
      out.push(
        this.catalog.filter
          ? new MessageNode('filtered', vscode.l10n.t('No configuration matches "{0}"', this.catalog.filter), node)
          : new MessageNode('empty', vscode.l10n.t('No configurations yet'), node),
      );
    }
    return out;
  }

  private nodeFor(w: WebhookNode['webhook'], parent: EnvironmentNode, foreign = this.catalog.isForeign(parent.env)): WebhookNode {
    let n = this.webhookNodes.get(w.id);
    if (!n || n.parent !== parent) {
      n = new WebhookNode(w, parent);
      this.webhookNodes.set(w.id, n);
    } else n.webhook = w;
    n.readOnlyGroup = foreign;
    return n;
  }

  /** How many configurations the group `env` shows (GROUP_PAGE, more after "Show More…"). */
  private readonly limits = new Map<EnvType, number>();

  private limitOf(env: EnvType): number {
    return this.limits.get(env) ?? GROUP_PAGE;
  }

  /** "Show More…": the group shows GROUP_PAGE more configurations. */
  showMore(env: EnvType): void {
    this.limits.set(env, this.limitOf(env) + GROUP_PAGE);
    this.schedule(env);
  }

  /**
   * The node of a configuration, for `reveal`; a group that does not show it yet shows as far as it (`reach`), or
   * undefined when it is not shown (`reach` false).
   */
  nodeOf(id: string, reach = true): WebhookNode | undefined {
    const w = this.catalog.find(id);
    const root = w && this.root(w.env_type);
    if (!w || !root) return undefined;
    const at = this.catalog.webhooks(w.env_type).indexOf(w);
    if (at >= this.limitOf(w.env_type)) {
      if (!reach) return undefined;
      this.limits.set(w.env_type, Math.ceil((at + 1) / GROUP_PAGE) * GROUP_PAGE);
      this.schedule(w.env_type);
    }
    return this.nodeFor(w, root);
  }

  refresh(): void {
    this.schedule(undefined);
  }

  /** What the tree shows from the connection: whether connected, the groups, each group's state and access. */
  private connectionShown(): string {
    const groups = this.isConnected() ? this.catalog.groups() : [];
    return JSON.stringify([this.isConnected(), groups.map((e) => [e, this.catalog.state(e).kind, this.catalog.isForeign(e)])]);
  }

  private shownConnection: string | undefined;

  /**
   * The connection changed: render again only when what the tree shows from it did. Restoring the connection the
   * sidebar's snapshot already shows changes nothing; rendering 1,000 configurations again for it is not free.
   */
  connectionChanged(): void {
    const now = this.connectionShown();
    if (now === this.shownConnection) return;
    this.shownConnection = now;
    this.schedule(undefined);
  }

  /** Some configurations' items changed (a mark, not the data): only those are rendered again. */
  private refreshWebhooks(ids: Iterable<string>): void {
    const nodes = [...ids].map((id) => this.nodeOf(id, false)).filter((n): n is WebhookNode => n !== undefined);
    if (nodes.length) this.changed.fire(nodes);
  }

  dispose(): void {
    this.unsubscribe();
    this.settingsListener.dispose();
    this.decorationsListener.dispose();
    this.changed.dispose();
  }
}

const COLLAPSIBLE = { none: vscode.TreeItemCollapsibleState.None, collapsed: vscode.TreeItemCollapsibleState.Collapsed, expanded: vscode.TreeItemCollapsibleState.Expanded } as const;

/** The TreeItem of a row's view (the only place the tree's views meet VS Code's types). */
function toTreeItem(node: Node, v: ItemView): vscode.TreeItem {
  const item = new vscode.TreeItem(v.label, COLLAPSIBLE[v.collapsible]);
  item.id = node.id;
  if (v.description !== undefined) item.description = v.description;
  // A group's tooltip is resolved on hover (resolveTreeItem): VS Code resolves only what an item leaves undefined.
  if (v.tooltip !== undefined && node.kind !== 'environment') item.tooltip = v.tooltip;
  item.iconPath = new vscode.ThemeIcon(v.icon.id, v.icon.color ? new vscode.ThemeColor(v.icon.color) : undefined);
  item.contextValue = v.contextValue;
  if (v.ariaLabel !== undefined) item.accessibilityInformation = { label: v.ariaLabel, ...(v.ariaRole ? { role: v.ariaRole } : {}) };
  return item;
}
