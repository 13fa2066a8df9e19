/** The UI tests' own view of the extension's embedded sandbox: its keys from global storage, its port from the status bar. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { TranscryptsClient } from '../../src/core/api/client';
import type { WebhookRequest } from '../../src/core/api/schemas';
import type { EnvType } from '../../src/core/model';
import { ui } from './hooks';

export async function sandboxClient(page: Page, env: EnvType = 'sandbox'): Promise<TranscryptsClient> {
  const status = page.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
  await status.waitFor({ timeout: 30_000 });
  const port = /:(\d+)/.exec((await status.textContent()) ?? '')?.[1];
  if (!ui.server || !port) throw new Error('no sandbox');
  const file = path.join(ui.server.scratch, 'ud', 'User', 'globalStorage', 'transcrypts.transcrypts-webhooks', 'sandbox', 'credentials.json');
  const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as { client_id: string; secrets: Record<EnvType, string> };
  return new TranscryptsClient({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: creds.client_id, secret: creds.secrets[env] });
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
  await sandboxClient(page);
  const status = page.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
  const port = /:(\d+)/.exec((await status.textContent()) ?? '')?.[1];
  const file = path.join(ui.server?.scratch ?? '', 'ud', 'User', 'globalStorage', 'transcrypts.transcrypts-webhooks', 'sandbox', 'credentials.json');
  const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as { client_id: string; secrets: Record<EnvType, string> };
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { 'X-Access-Client-Id': creds.client_id, 'X-Access-Secret': creds.secrets.sandbox, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status;
}
