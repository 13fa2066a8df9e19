import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { Node } from '../../src/vscode/view/webhooksTree';

export const EXTENSION_ID = 'transcrypts.transcrypts-webhooks';

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error('extension not installed');
  const a = await ext.activate();
  if (!a) throw new Error('no test API: is the extension host in test mode?');
  await a.ready;
  return a;
}

export async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function children(a: TestApi, node?: Node): Node[] {
  return a.services.tree.childrenOf(node);
}

export function item(a: TestApi, node: Node): vscode.TreeItem {
  return a.services.tree.getTreeItem(node);
}

/** The item as VS Code shows it on hover: resolved, with its tooltip. */
export function resolved(a: TestApi, node: Node): vscode.TreeItem {
  return a.services.tree.resolveTreeItem(a.services.tree.getTreeItem(node), node);
}

export function labelOf(i: vscode.TreeItem): string {
  return typeof i.label === 'string' ? i.label : i.label?.label ?? '';
}

/** Close whatever quick input is open (the user pressing Escape). */
export async function escape(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
}

/**
 * The user pressing Escape at a command's question: Escape until the command has answered (a question shown
 * a moment after the command started is closed by the next press), so the test waits for the command's end,
 * never for a time. Returns the command's result.
 */
export async function escapeUntilSettled<T>(pending: Thenable<T>, ms = 30_000): Promise<T> {
  let settled = false;
  const done = Promise.resolve(pending).finally(() => (settled = true));
  done.catch(() => undefined);
  await until(async () => {
    if (!settled) await escape();
    return settled;
  }, ms, 'the command to end after Escape');
  return done;
}

/** The extension's log files once a line matching `line` has reached them (the channel writes its file a moment later). */
export async function logText(a: TestApi, line: RegExp, ms = 30_000): Promise<string> {
  const dir = a.context.logUri.fsPath;
  const read = () => (fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n') : '');
  return until(() => {
    const text = read();
    return line.test(text) && text;
  }, ms, `a log line matching ${line}`);
}
