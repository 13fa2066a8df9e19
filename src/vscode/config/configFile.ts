/**
 * `transcrypts.webhooks.json` in the workspace: where it is (the setting `transcrypts.config.file`, relative to the
 * first workspace folder), its text (the open editor's, unsaved edits included), its model with `${env:…}` and
 * `${config:…}` resolved, and what the platform has for the environments it names.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { Webhook } from '../../core/api/schemas';
import { parseConfigFile, type ConfigFileModel, type Resolver } from '../../core/config';
import type { EnvType } from '../../core/model';
import type { Connection } from '../connection/connection';
import { anySetting, setting } from '../platform/settings/read';

/** The file's URI inside the first workspace folder; undefined without one, or when the setting leaves it. */
export function configFileUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, setting('config.file'));
  const inside = path.posix.relative(folder.uri.path, uri.path);
  return inside && !inside.startsWith('..') && !path.posix.isAbsolute(inside) ? uri : undefined;
}

export function isConfigFile(doc: vscode.TextDocument): boolean {
  const uri = configFileUri();
  return uri !== undefined && doc.uri.toString() === uri.toString();
}

/** The file's text: the open document's (with unsaved edits), else the file's; undefined when there is none. */
export async function readConfigText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** `${env:NAME}` from the extension host's environment, `${config:key}` from the settings. */
export const settingsResolver: Resolver = { env: (name) => process.env[name], config: anySetting };

export function parseWithSettings(text: string, environments: readonly EnvType[]): ConfigFileModel {
  return parseConfigFile(text, settingsResolver, { environments });
}

/** What the platform has now, for each environment the connection has a secret for (the others are not read). */
export async function platformLists(connection: Connection, envs: readonly EnvType[], signal?: AbortSignal): Promise<Record<EnvType, Webhook[]>> {
  const out: Record<EnvType, Webhook[]> = {};
  await Promise.all(
    envs.map(async (env) => {
      const client = connection.client(env);
      if (!client) return;
      // A list may carry configurations of other environments (one account's secret sees them): keep this one's.
      out[env] = (await client.listWebhooks({ signal })).filter((w) => w.env_type === env);
    }),
  );
  return out;
}
