/**
 * The sandbox's data on disk: one append-only JSON-lines journal, fsync'd before a write is acknowledged, so
 * nothing acknowledged is lost to a restart or `kill -9`. At open, rows older than 30 days are dropped and the
 * journal is compacted (written beside, fsync'd, renamed). A corrupt journal is an error naming the file and
 * line; it is never reset. Only an unterminated last line (a write torn by a crash, never acknowledged) is cut.
 * The rows of deliveries (`appendRequest`) are committed in groups: every row queued while one fsync runs is written
 * and fsync'd by the next, and a row is in `requests` (so in any answer) only once its fsync has returned.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { webhookSchema, type Webhook } from '../core/api/schemas';
import { HISTORY_WINDOW_MS, type EnvType } from '../core/model';

export const storedRequestSchema = z.object({
  seq: z.number().int(),
  created_at: z.string(),
  env_type: z.string(),
  webhook_id: z.string(),
  event_type: z.string(),
  event_created_at: z.string(),
  status_code: z.number().int().nullable(),
  error_message: z.string().nullable(),
  webhook_payload: z.unknown(),
  webhook_url: z.string(),
});
export type StoredRequest = z.infer<typeof storedRequestSchema>;

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), webhook: webhookSchema }),
  z.object({ op: z.literal('delete'), id: z.string() }),
  z.object({ op: z.literal('request'), request: storedRequestSchema }),
]);
type Op = z.infer<typeof opSchema>;

export class SandboxDataError extends Error {
  override readonly name = 'SandboxDataError';
}

export const JOURNAL = 'journal.jsonl';

export class Store {
  readonly webhooks = new Map<string, Webhook>();
  /** Ascending by (created_at, seq). */
  readonly requests: StoredRequest[] = [];
  private seq = 0;
  private fd: number | undefined;
  readonly warnings: string[] = [];
  /** Delivery rows waiting for the next group commit, each with its caller. */
  private queued: Array<{ op: Op; done: (e?: Error) => void }> = [];
  /** The group whose fsync runs now (written, not yet applied), if any. */
  private committing: Array<{ op: Op; done: (e?: Error) => void }> | undefined;
  private closeWhenCommitted = false;

  private constructor(readonly file: string | undefined) {}

  /** An in-memory store (no folder): for tests and benchmarks that need no persistence. */
  static memory(): Store {
    return new Store(undefined);
  }

  static open(dir: string, now = new Date()): Store {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, JOURNAL);
    const store = new Store(file);
    if (fs.existsSync(file)) store.replay(fs.readFileSync(file, 'utf8'));
    store.compact(now);
    store.fd = fs.openSync(file, 'a');
    return store;
  }

  get isEmpty(): boolean {
    return this.webhooks.size === 0 && this.requests.length === 0;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  putWebhook(webhook: Webhook): void {
    this.write([{ op: 'put', webhook }]);
  }

  /** Many at once: one journal write (and one fsync), not one per configuration. */
  putWebhooks(webhooks: readonly Webhook[]): void {
    this.write(webhooks.map((webhook) => ({ op: 'put' as const, webhook })));
  }

  deleteWebhook(id: string): void {
    this.write([{ op: 'delete', id }]);
  }

  addRequests(requests: StoredRequest[]): void {
    this.write(requests.map((request) => ({ op: 'request' as const, request })));
  }

  /**
   * A delivery's row, durable and then applied: resolves once it is fsync'd and in `requests`. Rows that arrive
   * while a group's fsync runs share the next one (one write, one fsync for all). In memory, applied at once.
   */
  appendRequest(request: StoredRequest): Promise<void> {
    const op: Op = { op: 'request', request };
    if (this.fd === undefined) {
      this.apply(op);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ op, done: (e) => (e ? reject(e) : resolve()) });
      if (!this.committing) setImmediate(() => this.commitGroup());
    });
  }

  /** Writes the queued rows, fsyncs them off the event loop, then applies them; the next group waits for it. */
  private commitGroup(): void {
    if (this.committing || this.queued.length === 0) return;
    const group = this.queued;
    this.queued = [];
    const fd = this.fd;
    if (fd === undefined) return this.settle(group, new Error('The sandbox data file is closed.'));
    try {
      fs.writeSync(fd, journalText(group.map((g) => g.op)));
    } catch (e) {
      return this.settle(group, e instanceof Error ? e : new Error(String(e)));
    }
    this.committing = group;
    fs.fsync(fd, (err) => {
      this.committing = undefined;
      this.settle(group, err ?? undefined);
      if (this.closeWhenCommitted) this.close();
      else if (this.queued.length > 0) this.commitGroup();
    });
  }

  private settle(group: Array<{ op: Op; done: (e?: Error) => void }>, err: Error | undefined): void {
    for (const g of group) {
      if (!err) this.apply(g.op);
      g.done(err);
    }
  }

  /** Closes the journal; rows still queued are committed first (an fsync running now closes it when it returns). */
  close(): void {
    if (this.committing) {
      this.closeWhenCommitted = true;
      return;
    }
    if (this.queued.length > 0 && this.fd !== undefined) {
      const group = this.queued;
      this.queued = [];
      this.write(group.map((g) => g.op));
      for (const g of group) g.done();
    }
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private write(ops: Op[]): void {
    if (this.fd !== undefined) {
      fs.writeSync(this.fd, journalText(ops));
      fs.fsyncSync(this.fd);
    }
    for (const op of ops) this.apply(op);
  }

  private apply(op: Op): void {
    switch (op.op) {
      case 'put':
        this.webhooks.set(op.webhook.id, op.webhook);
        break;
      case 'delete':
        this.webhooks.delete(op.id);
        break;
      case 'request': {
        const r = op.request;
        this.seq = Math.max(this.seq, r.seq);
        // Almost always an append; seeded or replayed rows may land earlier.
        let i = this.requests.length;
        while (i > 0 && compareRows(this.requests[i - 1] as StoredRequest, r) > 0) i--;
        this.requests.splice(i, 0, r);
        break;
      }
    }
  }

  private replay(text: string): void {
    const lines = text.split('\n');
    const torn = !text.endsWith('\n') && text.length > 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line === '') continue;
      const isLast = i === lines.length - 1;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        if (isLast && torn) {
          this.warnings.push(`${this.file}: the last line was cut off by a crash before it was acknowledged; it was dropped.`);
          continue;
        }
        throw new SandboxDataError(
          `The sandbox data file ${this.file} is corrupt at line ${i + 1} (not JSON). Fix or move the file, or start the sandbox with another --data folder.`,
        );
      }
      const op = opSchema.safeParse(json);
      if (!op.success) {
        const issue = op.error.issues[0];
        throw new SandboxDataError(
          `The sandbox data file ${this.file} is corrupt at line ${i + 1} (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape'}). Fix or move the file, or start the sandbox with another --data folder.`,
        );
      }
      this.apply(op.data);
    }
  }

  /** Drop rows older than the history window and rewrite the journal when that or a torn tail changed it. */
  private compact(now: Date): void {
    if (!this.file) return;
    const cutoff = new Date(now.getTime() - HISTORY_WINDOW_MS).toISOString();
    const firstKept = this.requests.findIndex((r) => r.created_at >= cutoff);
    const drop = firstKept === -1 ? this.requests.length : firstKept;
    if (drop === 0 && this.warnings.length === 0) return;
    this.requests.splice(0, drop);
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    const ops: Op[] = [
      ...[...this.webhooks.values()].map((webhook) => ({ op: 'put' as const, webhook })),
      ...this.requests.map((request) => ({ op: 'request' as const, request })),
    ];
    fs.writeSync(fd, ops.map((o) => JSON.stringify(o) + '\n').join(''));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
  }

  requestsOf(env: EnvType): StoredRequest[] {
    return this.requests.filter((r) => r.env_type === env);
  }
}

export function compareRows(a: { created_at: string; seq: number }, b: { created_at: string; seq: number }): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.seq - b.seq;
}

/** Journal lines: one JSON operation per line. */
function journalText(ops: readonly Op[]): string {
  return ops.map((o) => JSON.stringify(o) + '\n').join('');
}
