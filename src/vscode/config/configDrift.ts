/**
 * The file's problems as you type (syntax, shapes, duplicate names, substitutions: from the parser, with their
 * positions), and after each plan an information diagnostic on every entry the platform differs from, whose quick
 * fix is Plan.
 */
import * as vscode from 'vscode';
import type { SourceRange } from '../../core/config';
import type { EnvType } from '../../core/model';
import type { Connection } from '../connection';
import { COMMANDS } from '../constants';
import type { PlanRun } from './configCommands';
import { configFileUri, isConfigFile, parseWithSettings } from './configFile';

const DRIFT = 'transcrypts-drift';

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

  constructor(private readonly connection: Connection) {
    const check = (d: vscode.TextDocument) => isConfigFile(d) && this.check(d);
    this.disposables.push(
      this.problems,
      this.drift,
      vscode.workspace.onDidOpenTextDocument(check),
      vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.json' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    for (const d of vscode.workspace.textDocuments) check(d);
  }

  /** The parser's problems for the file's current text. */
  check(doc: vscode.TextDocument): void {
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
