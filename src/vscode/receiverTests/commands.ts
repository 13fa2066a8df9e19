/** The receiver tests' commands: run them all, and replay the history of an environment or a configuration. */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import { countVerdicts } from '../../core/receiverTests/history';
import type { HistoryScope } from '../../shared/protocol';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import type { HistoryPanels } from '../history/panel';
import { webhookScope } from '../history/state';
import type { ReceiverTestController, RunSummary } from './controller';
import { generateCommand } from './generate';
import type { TargetDeps } from './target';

function said(s: RunSummary): string {
  if (s.problem) return s.problem;
  return vscode.l10n.t('Receiver tests: {0} passed, {1} failed, {2} errored. The Test Results view has each case.', s.passed, s.failed, s.errored);
}

/** Says how the run went, without waiting for the user (the command returns the summary). */
function tell(s: RunSummary): void {
  const show = vscode.l10n.t('Show Test Results');
  const text = s.replayed ? (s.problem ?? replayedText(s)) : said(s);
  if (s.failed + s.errored === 0 && s.problem === undefined) {
    void vscode.window.setStatusBarMessage(`$(check) ${text}`, 8000);
    return;
  }
  void vscode.window.showWarningMessage(text, show).then((picked) => (picked === show ? vscode.commands.executeCommand('workbench.panel.testResults.view.focus') : undefined));
}

function replayedText(s: RunSummary): string {
  const c = countVerdicts(s.replayed ?? []);
  return vscode.l10n.t('Replayed {0} deliveries: {1} same, {2} fixed, {3} broken, {4} still failing.', s.replayed?.length ?? 0, c.same, c.fixed, c.broken, c['still failing']);
}

export function registerReceiverCommands(r: CommandRegistry, tests: ReceiverTestController, panels: HistoryPanels, deps: TargetDeps): void {
  r.register(COMMANDS.receiverGenerateTests, () => generateCommand(deps));
  r.register(COMMANDS.receiverRun, async () => {
    const s = await tests.runAll('run');
    tell(s);
    return s;
  });
  r.register(COMMANDS.receiverReplayHistory, async (c: CommandContext) => {
    const s = await tests.runAll('history', scopeOf(c, panels));
    tell(s);
    return s;
  });
}

/** A configuration or environment node, an args object, else the history panel in front; undefined: the receiver's environment. */
function scopeOf(c: CommandContext, panels: HistoryPanels): HistoryScope | undefined {
  if (c.webhook) return webhookScope(c.webhook);
  if (c.env !== undefined) return { env: c.env, title: envLabel(c.env) };
  return panels.openPanels.find((p) => p.panel.active)?.state.scope;
}
