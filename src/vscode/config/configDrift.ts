/**
 * The file's problems as you type (syntax, shapes, duplicate names, substitutions: from the parser, with their
 * positions), and drift: after each plan, and whenever the sidebar's lists or the file change (planned against the
 * lists the sidebar already has: no extra request), an information diagnostic on every entry the platform differs
 * from, whose quick fix is Plan, and a mark on its configuration in the tree.
 */
import vscode = require('vscode');
import { plan, type ConfigFileModel, type Plan, type SourceRange } from '../../core/config';
import type { Webhook } from '../../core/api/schemas';
import type { EnvType } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';
import type { Connection } from '../connection/connection';
import type { TreeDecorations } from '../view/decorations';
import { COMMANDS } from '../platform/constants';
import { configFileUri, isConfigFile, parseWithSettings, readConfigText } from './configFile';

const DRIFT = 'transcrypts-drift';


/** One plan of the configurations file: the file's model, the platform's lists it was planned against, the plan. */
export interface PlanRun {
  model: ConfigFileModel;
  actual: Record<EnvType, Webhook[]>;
  plan: Plan;
}

/** The environment of a drift diagnostic (its code is `transcrypts-drift:<env>`), else undefined. */
function envOf(d: vscode.Diagnostic): EnvType | undefined {
  return typeof d.code === 'string' && d.code.startsWith(`${DRIFT}:`) ? d.code.slice(DRIFT.length + 1) : undefined;
}

function range(r: SourceRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

export class ConfigDrift implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly problems = vscode.languages.createDiagnosticCollection('transcrypts-config');
  private readonly drift = vscode.languages.createDiagnosticCollection('transcrypts-config-drift');
  private readonly disposables: vscode.Disposable[] = [];
  /** Per configuration id, the fields the platform differs in from the file. */
  private readonly differs = new Map<string, readonly string[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly catalog: Catalog,
    private readonly decorations: TreeDecorations,
  ) {
    const check = (d: vscode.TextDocument) => {
      if (!isConfigFile(d)) return;
      this.check(d);
      this.schedule();
    };
    const unsubscribe = catalog.onChange((_env, what) => what === 'data' && this.schedule());
    this.disposables.push(
      this.problems,
      this.drift,
      { dispose: unsubscribe },
      { dispose: () => clearTimeout(this.timer) },
      vscode.workspace.onDidOpenTextDocument(check),
      vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.json' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    for (const d of vscode.workspace.textDocuments) check(d);
    this.schedule();
  }

  /** Drift again soon (a burst of catalog changes or keystrokes is one check). */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fromCatalog(), 500);
  }

  /** The file planned against the lists the sidebar holds (environments it has loaded only). */
  private async fromCatalog(): Promise<void> {
    const uri = configFileUri();
    const text = uri && vscode.workspace.isTrusted ? await readConfigText(uri) : undefined;
    const model = text === undefined || !this.connection.mode ? undefined : parseWithSettings(text, this.connection.environments);
    if (!model || model.problems.some((p) => p.severity === 'error')) {
      // No file, not connected, not trusted, or errors: no marks (the old ones would be stale).
      this.clear();
      return;
    }
    const actual: Record<EnvType, Webhook[]> = {};
    for (const env of Object.keys(model.desired)) {
      // Not against last session's lists (a snapshot): only lists the platform answered now.
      if (this.catalog.state(env).kind === 'loaded' && !this.catalog.isStale(env)) actual[env] = this.catalog.all().filter((w) => w.env_type === env);
    }
    const desired = Object.fromEntries(Object.entries(model.desired).filter(([env]) => env in actual));
    this.update({ model: { ...model, desired }, actual, plan: plan(desired, actual, { prune: model.prune }) });
  }

  private clear(): void {
    // Each clear is a message to the workbench, even of an empty collection (at every start without a file).
    let marked = false;
    this.drift.forEach(() => (marked = true));
    if (marked) this.drift.clear();
    this.differs.clear();
    this.decorations.setOutOfSync(this.differs);
  }

  /** The parser's problems for the file's current text (not in a folder that is not trusted: it substitutes variables). */
  check(doc: vscode.TextDocument): void {
    if (!vscode.workspace.isTrusted) return;
    const model = parseWithSettings(doc.getText(), this.connection.environments);
    this.problems.set(
      doc.uri,
      model.problems.map((p) => {
        const d = new vscode.Diagnostic(range(p.range), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = 'transcrypts';
        return d;
      }),
    );
  }

  /** After a plan: an information diagnostic on each entry that the platform differs from (a changed field). */
  update(run: PlanRun): void {
    const uri = configFileUri();
    if (!uri) return;
    const keep = (this.drift.get(uri) ?? []).filter((d) => !run.plan.envs.some((e) => envOf(d) === e.env));
    const fresh: vscode.Diagnostic[] = [];
    for (const e of run.plan.envs) {
      for (const step of e.updates) {
        const entry = run.model.desired[e.env]?.find((x) => x.name === step.name || step.changes.some((c) => c.field === 'name' && c.to === x.name));
        if (!entry) continue;
        const fields = step.changes.map((c) => c.field).join(', ');
        const d = new vscode.Diagnostic(range(entry.range), vscode.l10n.t('The platform differs from the file here ({0}). Plan shows the difference; Apply makes the platform match.', fields), vscode.DiagnosticSeverity.Information);
        d.source = 'transcrypts';
        d.code = `${DRIFT}:${e.env}`;
        fresh.push(d);
      }
    }
    this.drift.set(uri, [...keep, ...fresh]);
    // The tree's marks, for the environments planned (it renders again only the configurations whose mark changed).
    for (const e of run.plan.envs) {
      for (const w of run.actual[e.env] ?? []) this.differs.delete(w.id);
      for (const step of e.updates) this.differs.set(step.id, step.changes.map((c) => c.field));
    }
    this.decorations.setOutOfSync(this.differs);
  }

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => envOf(d) !== undefined)
      .map((d) => {
        const env = envOf(d);
        const action = new vscode.CodeAction(vscode.l10n.t('Plan {0}', env ?? ''), vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: COMMANDS.configPlan, arguments: [env ? { env } : {}] };
        action.diagnostics = [d];
        action.isPreferred = true;
        return action;
      });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
