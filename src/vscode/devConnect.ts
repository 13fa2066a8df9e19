/**
 * `npm start` serves VS Code next to a sandbox started from the command line and names its credentials file in
 * TRANSCRYPTS_SANDBOX_CREDENTIALS. When that is set, nothing is connected yet and the API base URL is that
 * loopback sandbox, the extension connects with those (sample) keys, which then live in SecretStorage like any
 * other. It never applies to a non-loopback URL.
 */
import * as fs from 'node:fs';
import vscode = require('vscode');
import { z } from 'zod';
import { isLoopbackHost } from '../core/model';
import type { Connection } from './connection';
import type { Log } from './log';

const fileSchema = z.object({
  client_id: z.string().min(1),
  secrets: z.record(z.string().min(1)),
});

export async function connectToDevSandbox(connection: Connection, log: Log): Promise<boolean> {
  const file = process.env.TRANSCRYPTS_SANDBOX_CREDENTIALS;
  if (!file || connection.mode) return false;
  const baseUrl = connection.baseUrlSetting;
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return false;
  }
  if (!isLoopbackHost(host)) return false;
  try {
    const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    await connection.connectRemote(parsed.client_id, parsed.secrets);
    log.info(`Connected to the development sandbox at ${baseUrl} (keys from ${file}).`);
    return true;
  } catch (e) {
    log.error(`Could not use the development sandbox keys in ${file}`, e);
    void vscode.window.showWarningMessage(vscode.l10n.t('Could not read the sandbox keys in {0}. Use "Connect to Transcrypts" instead.', file));
    return false;
  }
}
