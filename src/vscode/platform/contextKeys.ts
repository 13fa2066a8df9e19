/**
 * Our context keys (`when` clauses), set through one place that sends a value only when it changes. Each change
 * makes VS Code re-render the rows of every view whose menus read context keys — with the sidebar's 1,000
 * configurations on screen, five changes at start-up delayed its first paint by about 80 ms — so a value already
 * set is not sent again.
 */
import vscode = require('vscode');
import type { CONTEXT } from './constants';

type ContextKey = (typeof CONTEXT)[keyof typeof CONTEXT];

const sent = new Map<ContextKey, unknown>();

export async function setContextKey(key: ContextKey, value: boolean | string): Promise<void> {
  if (sent.has(key) && sent.get(key) === value) return;
  sent.set(key, value);
  await vscode.commands.executeCommand('setContext', key, value);
}
