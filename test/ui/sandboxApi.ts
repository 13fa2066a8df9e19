/** The UI tests' own view of the extension's embedded sandbox: its keys from global storage, its port from the status bar. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { TranscryptsClient } from '../../src/core/api/client';
import type { WebhookRequest } from '../../src/core/api/schemas';
import type { EnvType } from '../../src/core/model';
import { ui } from './hooks';

interface SandboxKeys {
  client_id: string;
  secrets: Record<EnvType, string>;
}

/** The keys the embedded sandbox keeps in the extension's global storage. */
export function sandboxKeys(): SandboxKeys {
  if (!ui.server) throw new Error('the workbench is not open');
  const file = path.join(ui.server.scratch, 'ud', 'User', 'globalStorage', 'transcrypts.transcrypts-webhooks', 'sandbox-truv', 'credentials.json'); // the truv profile's folder (hooks.ts)
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxKeys;
}

/** The embedded sandbox's port, as the status bar shows it. */
async function sandboxPort(page: Page): Promise<string> {
  const status = page.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
  await status.waitFor({ timeout: 30_000 });
  const port = /:(\d+)/.exec((await status.textContent()) ?? '')?.[1];
  if (!port) throw new Error('no sandbox port in the status bar');
  return port;
}

export async function sandboxClient(page: Page, env: EnvType = 'sandbox'): Promise<TranscryptsClient> {
  const port = await sandboxPort(page);
  const keys = sandboxKeys();
  return new TranscryptsClient({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: keys.client_id, secret: keys.secrets[env] ?? '' });
}

export async function allRows(client: TranscryptsClient, filters: Parameters<TranscryptsClient['historyPages']>[0] = {}): Promise<WebhookRequest[]> {
  const out: WebhookRequest[] = [];
  for await (const p of client.historyPages({ pageSize: 500, ...filters })) out.push(...p.results);
  return out;
}

export function identity(r: Pick<WebhookRequest, 'webhook_id' | 'event_created_at' | 'status_code' | 'error_message'>): string {
  return `${r.webhook_id}|${r.event_created_at}|${r.status_code ?? 'none'}|${r.error_message ?? ''}`;
}

/** Raw calls to the sandbox's admin endpoints (fault modes). */
export async function sandboxAdmin(page: Page, method: string, p: string, body?: unknown): Promise<number> {
  const port = await sandboxPort(page);
  const keys = sandboxKeys();
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { 'X-Access-Client-Id': keys.client_id, 'X-Access-Secret': keys.secrets.sandbox ?? '', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status;
}
