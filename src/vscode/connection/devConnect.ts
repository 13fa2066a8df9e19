/**
 * `npm start` serves VS Code next to a sandbox started from the command line and names its credentials file in
 * TRANSCRYPTS_SANDBOX_CREDENTIALS. That sandbox is "the local sandbox" while it answers at the API address
 * (a loopback one): the extension connects to it at start when nothing is connected yet, and "Use the Local
 * Sandbox" connects to it rather than starting the embedded one (one sandbox: its data, its keys — the demo
 * receiver's secret). Its (sample) keys then live in SecretStorage like any other. Never for a non-loopback URL.
 */
import * as fs from 'node:fs';
import vscode = require('vscode');
import { z } from 'zod';
import { TranscryptsClient } from '../../core/api/client';
import { isLoopbackHost, type EnvType } from '../../core/model';
import { errorMessage } from '../../shared/errorMessage';
import type { Connection } from './connection';
import type { Log } from '../platform/log';

const fileSchema = z.object({
  client_id: z.string().min(1),
  secrets: z.record(z.string().min(1)),
});

export interface DevSandbox {
  baseUrl: string;
  clientId: string;
  secrets: Partial<Record<EnvType, string>>;
  file: string;
}

/** The keys `npm start` named, for the loopback API address; undefined when there are none (or they are unreadable). */
function devSandboxKeys(connection: Connection, log: Log): DevSandbox | undefined {
  const file = process.env.TRANSCRYPTS_SANDBOX_CREDENTIALS;
  if (!file) return undefined;
  const baseUrl = connection.baseUrlSetting;
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return undefined;
  }
  if (!isLoopbackHost(host)) return undefined;
  try {
    const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return { baseUrl, clientId: parsed.client_id, secrets: parsed.secrets, file };
  } catch (e) {
    log.error(`Could not use the development sandbox keys in ${file}`, e);
    void vscode.window.showWarningMessage(vscode.l10n.t('Could not read the sandbox keys in {0}. Use "Connect to Transcrypts" instead.', file));
    return undefined;
  }
}

/** The sandbox started outside VS Code, when its keys are named and a sandbox answers at the API address with them. */
export async function runningDevSandbox(connection: Connection, log: Log): Promise<DevSandbox | undefined> {
  const dev = devSandboxKeys(connection, log);
  const [env, secret] = Object.entries(dev?.secrets ?? {})[0] ?? [];
  if (!dev || !env || !secret) return undefined;
  try {
    const info = await new TranscryptsClient({ baseUrl: dev.baseUrl, clientId: dev.clientId, secret, env, timeoutMs: 5000, maxRetries: 0 }).sandboxInfo();
    return info ? dev : undefined;
  } catch (e) {
    log.info(`No sandbox answers at ${dev.baseUrl} (${errorMessage(e)}): the embedded sandbox is used.`);
    return undefined;
  }
}

/** At start, with nothing connected: the `npm start` sandbox's keys (its server may still be starting). */
export async function connectToDevSandbox(connection: Connection, log: Log): Promise<boolean> {
  if (connection.mode) return false;
  const dev = devSandboxKeys(connection, log);
  if (!dev) return false;
  try {
    await connection.connectRemote(dev.clientId, dev.secrets);
    log.info(`Connected to the development sandbox at ${dev.baseUrl} (keys from ${dev.file}).`);
    return true;
  } catch (e) {
    log.error(`Could not use the development sandbox keys in ${dev.file}`, e);
    return false;
  }
}
