/**
 * The "Transcrypts receiver" test controller: the platform's rules and the workspace's fixtures as test items, run
 * against the user's receiver (Run), under the debugger (Debug), and the recent history replayed (Replay History).
 * Results go to VS Code's own Test Results. The cases and the runner are core's (src/core/receiverTests).
 */
import * as path from 'node:path';
import vscode = require('vscode');
import { fixtureCases, ruleCases, RULE_SOURCES, type ReceiverCase } from '../../core/receiverTests/cases';
import { readFixtures } from '../../core/receiverTests/fixtures';
import { recentDeliveries, replayDeliveries, verdictSummary, type ReplayedDelivery } from '../../core/receiverTests/history';
import { runCase, type CaseResult, type RunOptions } from '../../core/receiverTests/runner';
import type { HistoryScope } from '../../shared/protocol';
import { settlesWithin } from '../../core/settles';
import { COMMANDS } from '../platform/constants';
import { affects, setting } from '../platform/settings/read';
import { startReceiverUnderDebugger } from './debug';
import { caseMessage } from './messages';
import { receiverEnv, receiverUrl, resolveTarget, subscribedEvents, type ReceiverTarget, type TargetDeps } from './target';

export const CONTROLLER_ID = 'transcrypts.receiver';
const RULES = 'rules';
const FIXTURES = 'fixtures';
const HISTORY = 'history';

const GROUP_LABELS: Record<string, string> = {
  signature: vscode.l10n.t('Signature: forged deliveries are refused'),
  delivery: vscode.l10n.t('Delivery: signed deliveries, retries, order'),
  compatibility: vscode.l10n.t('Compatibility: what the platform may send tomorrow'),
};

/** What a finished run left, for the palette command's summary and for the tests. */
export interface RunSummary {
  passed: number;
  failed: number;
  errored: number;
  results: Map<string, CaseResult>;
  replayed?: ReplayedDelivery[];
  problem?: string;
}

type RunKind = 'run' | 'debug' | 'history';

/** VS Code's side of the controller: the controller and its three run profiles. */
interface Made {
  controller: vscode.TestController;
  runProfile: vscode.TestRunProfile;
  debugProfile: vscode.TestRunProfile;
  historyProfile: vscode.TestRunProfile;
}

export class ReceiverTestController implements vscode.Disposable {
  /** The cases the items stand for, by id, as the last build made them (a run sends these). */
  private cases = new Map<string, ReceiverCase>();
  /** Whether the Test Explorer (or a run) asked for the items: until then nothing is read or watched. */
  private resolved = false;
  private watcher: vscode.Disposable | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing: Promise<void> | undefined;
  private made: Made | undefined;

  constructor(private readonly deps: TargetDeps) {
    // What the items are made of: the connection (subscribed events, which secret), the receiver and fixture settings.
    const changed = () => void (this.resolved && this.refresh());
    this.disposables.push(
      deps.services.connection.onDidChange(changed),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'fixtures.folder') && this.watcher) this.watch();
        if (affects(e, 'fixtures.folder') || affects(e, 'receiver.url') || affects(e, 'receiver.environment')) changed();
      }),
      new vscode.Disposable(() => this.watcher?.dispose()),
      new vscode.Disposable(() => this.made?.controller.dispose()),
    );
  }

  /**
   * VS Code's test controller, made on first use, or by `wireReceiverTests` once the start-up's first load is done:
   * its registration makes the workbench show the Testing view's icon and lay the window out again (about 5 ms of the
   * workbench's time, and a layout), which the sidebar's first paint should not wait behind.
   */
  get controller(): vscode.TestController {
    return this.make().controller;
  }
  get runProfile(): vscode.TestRunProfile {
    return this.make().runProfile;
  }
  get debugProfile(): vscode.TestRunProfile {
    return this.make().debugProfile;
  }
  get historyProfile(): vscode.TestRunProfile {
    return this.make().historyProfile;
  }

  /** VS Code's side made once `after` settles, at the latest `atMostMs` from now (unless disposed by then). */
  makeSoon(after: Promise<unknown>, atMostMs: number): Promise<void> {
    return settlesWithin(after, atMostMs).then(() => void (this.disposed || this.make()));
  }

  /** Whether VS Code's side was made. */
  get isMade(): boolean {
    return this.made !== undefined;
  }

  private disposed = false;

  /** VS Code's side, made now if it was not yet. */
  make(): Made {
    if (this.made) return this.made;
    const controller = vscode.tests.createTestController(CONTROLLER_ID, vscode.l10n.t('Transcrypts receiver'));
    controller.resolveHandler = async (item) => {
      if (!item) await this.refresh();
    };
    controller.refreshHandler = () => this.refresh();
    const run = (kind: RunKind) => async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => void (await this.execute(request, token, kind));
    this.made = {
      controller,
      runProfile: controller.createRunProfile(vscode.l10n.t('Run against the receiver'), vscode.TestRunProfileKind.Run, run('run'), true),
      debugProfile: controller.createRunProfile(vscode.l10n.t('Debug the receiver'), vscode.TestRunProfileKind.Debug, run('debug'), true),
      historyProfile: controller.createRunProfile(vscode.l10n.t('Replay History'), vscode.TestRunProfileKind.Run, run('history'), false),
    };
    return this.made;
  }

  private fixturesDir(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const dir = path.resolve(folder.uri.fsPath, setting('fixtures.folder'));
    // Only a folder inside the workspace (the setting is restricted in untrusted folders, and confined here too).
    return dir === folder.uri.fsPath || dir.startsWith(folder.uri.fsPath + path.sep) ? dir : undefined;
  }

  /** Watches the fixtures folder: a fixture added or deleted changes the items. */
  private watch(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${setting('fixtures.folder').replace(/\/+$/, '')}/**/*.json`));
    let timer: NodeJS.Timeout | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.refresh(), 300);
    };
    this.watcher = vscode.Disposable.from(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later), new vscode.Disposable(() => clearTimeout(timer)));
  }

  /** The cases as they are now: the rules for the subscribed event types, and each fixture (read from disk). */
  private async collect(): Promise<ReceiverCase[]> {
    const env = receiverEnv(this.deps);
    const rules = ruleCases({ eventTypes: subscribedEvents(this.deps, env, receiverUrl(this.deps)) });
    const dir = this.fixturesDir();
    return [...rules, ...(dir ? fixtureCases(await readFixtures(dir)) : [])];
  }

  /** Builds the items again (the Test Explorer's refresh, a fixture added or removed, another connection). */
  refresh(): Promise<void> {
    if (!this.resolved) {
      this.resolved = true;
      this.watch();
    }
    this.refreshing ??= this.build().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async build(): Promise<void> {
    const cases = await this.collect();
    this.cases = new Map(cases.map((x) => [x.id, x]));
    const c = this.controller;
    const rules = c.createTestItem(RULES, vscode.l10n.t('Platform rules'));
    rules.description = RULE_SOURCES.deliveries;
    // The rules in the order the platform's documents give them (the Test Explorer sorts by label otherwise).
    const order = (item: vscode.TestItem, i: number) => {
      item.sortText = String(i).padStart(3, '0');
      return item;
    };
    Object.entries(GROUP_LABELS).forEach(([group, label], gi) => {
      const members = cases.filter((x) => x.group === group);
      if (members.length === 0) return;
      const g = order(c.createTestItem(`${RULES}/${group}`, label), gi);
      members.forEach((x, i) => g.children.add(order(this.item(x), i)));
      rules.children.add(g);
    });
    const dir = this.fixturesDir();
    const fixtures = c.createTestItem(FIXTURES, vscode.l10n.t('Fixtures'), dir ? vscode.Uri.file(dir) : undefined);
    fixtures.description = setting('fixtures.folder');
    const byType = new Map<string, vscode.TestItem>();
    for (const x of cases.filter((k) => k.group === 'fixture')) {
      const type = x.file?.includes('/') ? x.file.slice(0, x.file.indexOf('/')) : vscode.l10n.t('(top level)');
      let g = byType.get(type);
      if (!g) {
        g = c.createTestItem(`${FIXTURES}/${type}`, type, dir && x.file?.includes('/') ? vscode.Uri.file(path.join(dir, type)) : undefined);
        byType.set(type, g);
        fixtures.children.add(g);
      }
      g.children.add(this.item(x, dir));
    }
    const history = c.createTestItem(HISTORY, vscode.l10n.t('Replay history'));
    history.description = vscode.l10n.t('run with the Replay History profile');
    // The rules first, then the user's fixtures, then the replay (not alphabetical).
    [rules, fixtures, history].forEach(order);
    c.items.replace([rules, fixtures, history]);
  }

  private item(x: ReceiverCase, dir?: string): vscode.TestItem {
    const uri = dir && x.file ? vscode.Uri.file(path.join(dir, ...x.file.split('/'))) : undefined;
    const item = this.controller.createTestItem(x.id, x.label, uri);
    if (uri) item.range = new vscode.Range(0, 0, 0, 0);
    // A rule says where it is written; a fixture, its event type. The whole rule is in a failure's message.
    item.description = x.group === 'fixture' ? x.eventType : x.source;
    return item;
  }

  /** Runs from the palette: every item with the Run profile, or Replay History (of `scope`, else the receiver's environment). */
  async runAll(kind: 'run' | 'history', scope?: HistoryScope): Promise<RunSummary> {
    await this.refresh();
    const profile = kind === 'history' ? this.historyProfile : this.runProfile;
    const include = kind === 'history' ? this.historyRoot() : undefined;
    const cts = new vscode.CancellationTokenSource();
    try {
      return await this.execute(new vscode.TestRunRequest(include, undefined, profile), cts.token, kind, scope);
    } finally {
      cts.dispose();
    }
  }

  private historyRoot(): vscode.TestItem[] {
    return [this.controller.items.get(HISTORY)].filter((i): i is vscode.TestItem => i !== undefined);
  }

  /** One run of a profile, recorded in the Test Results; what it found. */
  async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, kind: RunKind, scope?: HistoryScope): Promise<RunSummary> {
    await this.refresh();
    const run = this.controller.createTestRun(request, kind === 'history' ? vscode.l10n.t('Replay History') : undefined);
    const summary: RunSummary = { passed: 0, failed: 0, errored: 0, results: new Map() };
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      const target = await resolveTarget(this.deps, kind === 'history' ? scope?.env : undefined);
      const items = kind === 'history' ? this.historyRoot() : this.selected(request);
      if (typeof target === 'string') {
        erroredAll(run, items, target, summary);
        return summary;
      }
      run.appendOutput(`${vscode.l10n.t('Sending to {0}, signed ({1}) with {2}.', target.url, target.format === 'v1' ? 'v1=<hex>' : vscode.l10n.t('bare hex'), target.signedWith)}\r\n`);
      const o: RunOptions = { url: target.url, secret: target.secret, format: target.format, signal: abort.signal };
      if (kind === 'history') {
        await this.replayHistory(run, target, o, summary, scope);
        return summary;
      }
      let stopDebugging: (() => Promise<void>) | undefined;
      if (kind === 'debug') {
        const started = await startReceiverUnderDebugger(target.url, abort.signal);
        if (typeof started === 'string') {
          erroredAll(run, items, started, summary);
          return summary;
        }
        stopDebugging = started.stop;
        run.appendOutput(`${vscode.l10n.t('Started "{0}" under the debugger.', started.name)}\r\n`);
        // Paused at a breakpoint, a receiver answers late: the run waits, and the 10 s rule still judges the time.
        o.cutMarginMs = 30 * 60_000;
      }
      try {
        await this.runCases(run, items, o, summary);
      } finally {
        await stopDebugging?.();
      }
      return summary;
    } finally {
      cancelled.dispose();
      run.end();
    }
  }

  /** The case items a request asks for (an included group stands for its cases), minus the excluded. */
  private selected(request: vscode.TestRunRequest): vscode.TestItem[] {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const out: vscode.TestItem[] = [];
    const visit = (item: vscode.TestItem) => {
      if (excluded.has(item.id) || item.id === HISTORY) return;
      if (item.children.size === 0) {
        if (item.id !== RULES && item.id !== FIXTURES) out.push(item);
        return;
      }
      item.children.forEach(visit);
    };
    if (request.include) request.include.forEach(visit);
    else this.controller.items.forEach(visit);
    return out;
  }

  private async runCases(run: vscode.TestRun, items: readonly vscode.TestItem[], o: RunOptions, summary: RunSummary): Promise<void> {
    for (const item of items) run.enqueued(item);
    for (const item of items) {
      if (o.signal?.aborted) {
        run.skipped(item);
        continue;
      }
      const c = this.cases.get(item.id);
      run.started(item);
      if (!c) {
        run.errored(item, new vscode.TestMessage(vscode.l10n.t('This case is gone (its fixture was moved or deleted): refresh the tests.')));
        summary.errored++;
        continue;
      }
      const r = await runCase(c, o);
      summary.results.set(c.id, r);
      run.appendOutput(`${r.outcome === 'passed' ? '✔' : '✘'} ${c.group === 'fixture' ? (c.file ?? c.id) : c.label} — ${r.message}\r\n`, undefined, item);
      if (r.outcome === 'passed') {
        run.passed(item, r.ms);
        summary.passed++;
      } else if (r.outcome === 'failed') {
        run.failed(item, caseMessage(c, r, item.uri), r.ms);
        summary.failed++;
      } else {
        run.errored(item, caseMessage(c, r, item.uri), r.ms);
        summary.errored++;
      }
    }
  }

  private async replayHistory(run: vscode.TestRun, target: ReceiverTarget, o: RunOptions, summary: RunSummary, asked: HistoryScope | undefined): Promise<void> {
    const [root] = this.historyRoot();
    if (!root) return;
    const scope = asked ?? (target.env !== undefined ? { env: target.env, title: target.env } : undefined);
    const client = scope ? this.deps.services.connection.client(scope.env) : undefined;
    if (!scope || !client) return erroredAll(run, [root], vscode.l10n.t('Replay History needs a connected environment to read the deliveries from.'), summary);
    run.started(root);
    const limit = setting('receiver.replayHistoryCount');
    const deliveries = await recentDeliveries(client.historyPages({ pageSize: 500 }, { signal: o.signal }), { limit, webhookUrl: scope.webhookUrl, signal: o.signal });
    run.appendOutput(`${vscode.l10n.t('Replaying the {0} newest deliveries of {1} to {2}.', deliveries.length, scope.title, target.url)}\r\n`);
    root.children.replace([]);
    const { replayed, stopped } = await replayDeliveries(deliveries, o, (r) => {
      run.appendOutput(`${r.verdict.padEnd(13)} ${r.delivery.eventType} ${r.delivery.deliveryId}: ${r.summary}\r\n`);
      if (r.verdict === 'same') return;
      const item = this.controller.createTestItem(`${HISTORY}/${r.delivery.deliveryId}`, `${r.delivery.eventType} · ${r.delivery.deliveryId}`);
      item.description = `${r.verdict}: ${r.summary}`;
      root.children.add(item);
      if (r.verdict === 'fixed') run.passed(item, r.exchange.ms);
      else run.failed(item, historyMessage(r, scope.env), r.exchange.ms);
    });
    summary.replayed = replayed;
    if (stopped) return erroredAll(run, [root], stopped, summary);
    const line = verdictSummary(replayed, deliveries.length);
    run.appendOutput(`${line}\r\n`);
    const broken = replayed.filter((r) => r.verdict === 'broken').length;
    if (broken > 0) {
      run.failed(root, new vscode.TestMessage(line));
      summary.failed++;
    } else {
      run.passed(root);
      summary.passed++;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }
}

/** Nothing could be sent: every asked item errors with the reason, which the run's output shows too. */
function erroredAll(run: vscode.TestRun, items: readonly vscode.TestItem[], why: string, summary: RunSummary): void {
  summary.problem = why;
  run.appendOutput(`${why}\r\n`);
  for (const item of items) run.errored(item, new vscode.TestMessage(why));
  summary.errored = items.length;
}

/** "was 200, now 401", the receiver's answer, and a link that opens the delivery in the history. */
function historyMessage(r: ReplayedDelivery, env: string): vscode.TestMessage {
  const args = encodeURIComponent(JSON.stringify([{ env, deliveryId: r.delivery.deliveryId }]));
  const md = new vscode.MarkdownString(
    `**${r.verdict}** — ${r.summary}.\n\n${r.exchange.problem ?? ''}\n\n[${vscode.l10n.t('Open the delivery in the history')}](command:${COMMANDS.openHistory}?${args})`,
  );
  md.isTrusted = { enabledCommands: [COMMANDS.openHistory] };
  const m = new vscode.TestMessage(md);
  m.expectedOutput = r.verdict === 'still failing' ? vscode.l10n.t('2xx (it failed on the platform: {0})', r.delivery.status === null ? vscode.l10n.t('no answer') : String(r.delivery.status)) : '2xx';
  m.actualOutput = `${r.exchange.status ?? r.exchange.error ?? ''}\n${r.exchange.body ?? ''}`;
  return m;
}
