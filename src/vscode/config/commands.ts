/**
 * Configurations as code in the editor: Export (the platform into the file), Plan (a summary and the diff editor),
 * Apply (creates, then changes, then deletes, one at a time, with progress and cancel; production needs the name
 * typed and is refused while read-only), and Promote (one environment's section copied to another, hosts mapped).
 * Args `{ env }` scope them to one environment (CodeLens, quick fix); `{ quiet: true }` shows nothing (tests) and
 * `{ confirm: true }` answers Apply's question outside production.
 */
import vscode = require('vscode');
import { apply, applySummary, diffSides, exportFile, planFile, promote, promoteKey, type ConfigFileModel, type Plan } from '../../core/config';
import { envLabel, type EnvType } from '../../core/model';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { describe, offer } from '../platform/errors';
import { resolveEnvironment } from '../connection/environments';
import type { Services } from '../services';
import { setting } from '../platform/settings/read';
import { requireTrust } from '../platform/trust';
import { assertConfined } from '../platform/confinedWrite';
import { configFileUri, parseWithSettings, platformLists, readConfigText, settingsResolver } from './configFile';
import type { ConfigDrift, PlanRun } from './configDrift';
import { refreshPlanDiff, showPlanDiff } from './planDiff';


/** The file's plan now, for all its environments or one; undefined (and said why) when there is no file or it has errors. */
export async function planNow(s: Services, env?: EnvType): Promise<PlanRun | undefined> {
  // The file substitutes the environment's variables and drives writes: not for a folder that is not trusted.
  if (!(await requireTrust(vscode.l10n.t('Configurations as code')))) return undefined;
  const uri = configFileUri();
  const text = uri && (await readConfigText(uri));
  if (!uri || text === undefined) {
    void offer('info', vscode.l10n.t('There is no {0} in this workspace yet. Export the platform\'s configurations to start one.', setting('config.file')), {
      title: vscode.l10n.t('Export'),
      run: () => vscode.commands.executeCommand(COMMANDS.configExport),
    });
    return undefined;
  }
  const model = parseWithSettings(text, s.connection.environments);
  // One environment's plan needs its section: planning an absent one with prune would delete all it has.
  if (env !== undefined && !(env in model.desired)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no {1} section: there is nothing to plan for it.', setting('config.file'), envLabel(env)));
    return undefined;
  }
  const desired = env === undefined ? model.desired : { [env]: model.desired[env] ?? [] };
  const scoped = { ...model, desired };
  const actual = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the platform\'s configurations…') }, () =>
    platformLists(s.connection, Object.keys(desired)),
  );
  try {
    return { model: scoped, actual, plan: planFile(scoped, actual) };
  } catch (e) {
    void offer('error', describe(e), { title: vscode.l10n.t('Open the File'), run: () => vscode.window.showTextDocument(uri) });
    return undefined;
  }
}

export function registerConfigCommands(s: Services, r: CommandRegistry, drift: ConfigDrift): void {
  r.register(COMMANDS.configPlan, async (c) => {
    const run = await planNow(s, c.env);
    if (!run) return undefined;
    drift.update(run);
    const unread = run.plan.envs.filter((e) => !e.read).map((e) => envLabel(e.env));
    const notes = run.plan.envs.flatMap((e) => e.notes.map((n) => `${envLabel(e.env)}: ${n}`));
    for (const n of notes) s.log.info(`Plan: ${n}`);
    if (c.args?.quiet !== true) {
      await showPlanDiff(diffSides(run.model.desired, run.actual));
      const message = [run.plan.summary, ...(unread.length ? [vscode.l10n.t('Not read (no secret): {0}.', unread.join(', '))] : []), ...notes].join(' ');
      if (run.plan.steps.length > 0) void offer('info', message, { title: vscode.l10n.t('Apply'), run: () => vscode.commands.executeCommand(COMMANDS.configApply, c.env ? { env: c.env } : {}) });
      else void vscode.window.showInformationMessage(message);
    }
    return run.plan;
  });

  r.register(COMMANDS.configApply, (c) => applyFile(s, c, drift));

  r.register(COMMANDS.configExport, async (c) => {
    if (!(await requireTrust(vscode.l10n.t('Exporting configurations into the folder')))) return undefined;
    const uri = configFileUri();
    if (!uri) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: the file is written inside it (the setting transcrypts.config.file may not leave the folder).'));
      return undefined;
    }
    const envs = c.env !== undefined ? [c.env] : s.connection.environments;
    const lists = await platformLists(s.connection, envs);
    const text = exportFile(lists, await readConfigText(uri), { resolve: settingsResolver });
    await writeDocument(uri, text);
    if (c.args?.quiet !== true) await vscode.window.showTextDocument(uri);
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} to {1}.', Object.keys(lists).map(envLabel).join(', '), setting('config.file')));
    return text;
  });

  r.register(COMMANDS.configPromote, async (c) => {
    if (!(await requireTrust(vscode.l10n.t('Promoting configurations in the file')))) return undefined;
    const uri = configFileUri();
    const text = uri && (await readConfigText(uri));
    if (!uri || text === undefined) return undefined;
    const model = parseWithSettings(text, s.connection.environments);
    const from = c.env ?? (await resolveEnvironment(s.connection, c, vscode.l10n.t('Promote: from which environment'), Object.keys(model.desired)));
    if (from === undefined) return undefined;
    const args = c.args ?? {};
    const to = typeof args.to === 'string' ? args.to : await resolveEnvironment(s.connection, {}, vscode.l10n.t('Promote {0} to', envLabel(from)), s.connection.environments.filter((e) => e !== from));
    if (to === undefined) return undefined;
    const hostMap = isHostMap(args.hostMap) ? args.hostMap : await askHostMap(model, from, to);
    if (hostMap === undefined) return undefined;
    const result = promote(model, from, to, hostMap);
    await writeDocument(uri, result.text);
    if (result.unmapped.length > 0) s.log.info(`Promote ${from} → ${to}: hosts kept as they are: ${result.unmapped.join(', ')}`);
    if (c.args?.quiet !== true) {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand(COMMANDS.configPlan, { env: to });
    }
    return result;
  });
}

async function applyFile(s: Services, c: CommandContext, drift: ConfigDrift): Promise<unknown> {
  const run = await planNow(s, c.env);
  if (!run) return undefined;
  const { plan } = run;
  if (plan.steps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('In sync: nothing to apply. {0}', plan.summary));
    drift.update(run);
    return { applied: [], notRun: [], cancelled: false };
  }
  const touchesProd = plan.steps.some((x) => x.env === 'prod');
  if (touchesProd && setting('production.readOnly')) {
    void offer('warning', vscode.l10n.t('Production is read-only here (setting "transcrypts.production.readOnly"). Nothing was applied.'));
    return undefined;
  }
  if (!(await confirmApply(plan, touchesProd, c.args?.confirm === true))) return undefined;
  const controller = new AbortController();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Applying {0}', setting('config.file')), cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      return apply(plan, Object.fromEntries(Object.keys(run.actual).map((env) => [env, s.connection.client(env)])), {
        signal: controller.signal,
        onStep: (step, i, total) => progress.report({ message: vscode.l10n.t('{0} of {1}: {2} "{3}" in {4}', i + 1, total, step.kind, step.name, envLabel(step.env)), increment: 100 / total }),
      });
    },
  );
  s.log.info(`Apply: ${applySummary(result)}`);
  await Promise.all(Object.keys(run.actual).map((env) => s.catalog.refresh(env)));
  const again = { title: vscode.l10n.t('Plan Again'), run: () => vscode.commands.executeCommand(COMMANDS.configPlan) };
  if (result.failed) {
    void offer('error', vscode.l10n.t('Applied {0} of {1} steps, then {2} "{3}" in {4} failed: {5} The other steps were not run; Plan shows what remains.', result.applied.length, plan.steps.length, result.failed.step.kind, result.failed.step.name, envLabel(result.failed.step.env), s.log.redactor.redact(result.failed.error.message)), again);
  } else if (result.cancelled) {
    void offer('warning', vscode.l10n.t('Cancelled after {0} of {1} steps; Plan shows what remains.', result.applied.length, plan.steps.length), again);
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Applied: {0}', plan.summary));
  }
  const after = await planNow(s, c.env);
  if (after) {
    drift.update(after);
    refreshPlanDiff(diffSides(after.model.desired, after.actual));
  }
  return result;
}

/** A modal question; with production in the plan, its name typed. */
async function confirmApply(plan: Plan, touchesProd: boolean, preconfirmed: boolean): Promise<boolean> {
  if (touchesProd) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Apply to Production'),
      prompt: vscode.l10n.t('{0}. Type "prod" to apply to Production.', plan.summary),
      ignoreFocusOut: true,
    });
    return typed === 'prod';
  }
  if (preconfirmed) return true;
  const go = { title: vscode.l10n.t('Apply') };
  const chosen = await vscode.window.showWarningMessage(vscode.l10n.t('Apply the plan? {0}', plan.summary), { modal: true, detail: plan.steps.map((x) => `${x.kind} "${x.name}" (${x.env}) ${x.kind === 'create' ? x.body.webhook_url : x.kind === 'delete' ? x.webhook_url : (x.patch.webhook_url ?? '')}`.trim()).join('\n') }, go);
  return chosen === go;
}

function isHostMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** `dev.example.com=api.example.com, …`, prefilled from the file's last promotion between the two. */
async function askHostMap(model: ConfigFileModel, from: EnvType, to: EnvType): Promise<Record<string, string> | undefined> {
  const known = model.promote[promoteKey(from, to)]?.hostMap ?? {};
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Promote {0} → {1}: hosts', envLabel(from), envLabel(to)),
    prompt: vscode.l10n.t('Map each host of {0} to its {1} host: from=to, separated by commas (empty: keep the URLs).', envLabel(from), envLabel(to)),
    value: Object.entries(known)
      .map(([a, b]) => `${a}=${b}`)
      .join(', '),
    ignoreFocusOut: true,
    validateInput: (v) => (v.split(',').every((p) => p.trim() === '' || /^[^=\s]+=[^=\s]+$/.test(p.trim())) ? undefined : vscode.l10n.t('Write each pair as from.example.com=to.example.com')),
  });
  if (value === undefined) return undefined;
  return Object.fromEntries(
    value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );
}

/** Replace the file's text through the editor (undo works, unsaved edits are not lost), then save it. */
async function writeDocument(uri: vscode.Uri, text: string): Promise<void> {
  // The editor follows a symbolic link: a transcrypts.webhooks.json linked out of the workspace is not written.
  await assertConfined(uri, vscode.l10n.t('Replace the link with a real file, or point transcrypts.config.file at one inside the workspace.'));
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
  await doc.save();
}
