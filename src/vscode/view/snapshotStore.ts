/**
 * Keeps the sidebar's last-known configurations in a file of the extension's global storage (Node's fs: it is read
 * synchronously just after activation, before the tree's first answer) and deletes it at sign-out. See
 * core/webhooks/snapshot.ts for what it holds and why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { decodeSnapshot, encodeSnapshotBody, type Snapshot } from '../../core/webhooks/snapshot';
import { SNAPSHOT_MAX_CONFIGURATIONS, type Catalog } from '../../core/webhooks/catalog';
import type { Log } from '../platform/log';
import { STATE_KEYS } from '../platform/stateKeys';
import { errorMessage } from '../../shared/errorMessage';

/** Writes follow the lists' changes by this much (a refresh changes them several times). */
const WRITE_DELAY_MS = 500;

/** A temporary file this much older than a finished write is one whose window closed while writing it. */
const ABANDONED_MS = 60_000;

export class SnapshotStore implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** What the file holds (its key and lists), as last written. */
  private written: string | undefined;
  /** Whether the temporary files that windows closed while writing left were looked for (once, after a write). */
  private swept = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly file: string,
    /** The current connection's key; undefined when signed out. */
    private readonly key: () => string | undefined,
    private readonly catalog: Catalog,
    private readonly log: Log,
    /** globalState: how long the lists took at the last start (STATE_KEYS.listsArrived). */
    private readonly state?: Pick<vscode.Memento, 'get' | 'update'>,
  ) {
    this.unsubscribe = catalog.onChange((_env, what) => what === 'data' && this.schedule());
  }

  /** The snapshot of the saved connection, if one was kept and is valid. Synchronous: the tree's first answer. */
  read(): Snapshot | undefined {
    const key = this.key();
    if (!key) return undefined;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    const decoded = decodeSnapshot(text, key);
    if ('ignored' in decoded) {
      this.log.debug(`The sidebar's snapshot was not used (${decoded.ignored}).`);
      return undefined;
    }
    return decoded.snapshot;
  }

  /** How long the lists took to arrive at the last start of this connection, from activation (ms), if known. */
  expectedListMs(): number | undefined {
    const key = this.key();
    const kept = this.state?.get<unknown>(STATE_KEYS.listsArrived);
    if (!key || typeof kept !== 'object' || kept === null) return undefined;
    const { key: of, ms } = kept as { key?: unknown; ms?: unknown };
    return of === key && typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  }

  /** This start's lists arrived `ms` after activation: what the next start of this connection expects. */
  noteListed(ms: number): void {
    const key = this.key();
    if (key) void Promise.resolve(this.state?.update(STATE_KEYS.listsArrived, { key, ms })).catch(() => undefined);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write());
    }, WRITE_DELAY_MS);
  }

  private async write(): Promise<void> {
    const key = this.key();
    const tooMany = this.catalog.tooManyToKeep();
    if (key && tooMany !== undefined) {
      // Past the snapshot's size none is kept, and not an older, smaller one either: it would show the wrong lists.
      if (this.written !== 'none') this.log.debug(`The sidebar's snapshot is not kept: ${tooMany} configurations are more than ${SNAPSHOT_MAX_CONFIGURATIONS}.`);
      this.written = 'none';
      await fs.promises.rm(this.file, { force: true }).catch(() => undefined);
      return;
    }
    const lists = this.catalog.snapshot();
    if (!key || !lists) return;
    // Not written again when nothing it holds changed (a filter, a pending create or a mark changes the catalog too).
    const body = JSON.stringify({ environments: lists.environments, lists: lists.lists });
    const content = `${key}\n${body}`;
    if (content === this.written) return;
    const text = encodeSnapshotBody(key, new Date().toISOString(), body);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, text, { mode: 0o600 });
      await fs.promises.rename(tmp, this.file);
      this.written = content;
      if (!this.swept) {
        this.swept = true;
        await this.removeTemporary(ABANDONED_MS);
      }
    } catch (e) {
      this.log.debug(`The sidebar's snapshot was not written: ${errorMessage(e)}`);
    }
  }

  /** Signed out: nothing of that connection is kept. */
  async forget(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    this.written = undefined;
    await Promise.resolve(this.state?.update(STATE_KEYS.listsArrived, undefined)).catch(() => undefined);
    await fs.promises.rm(this.file, { force: true }).catch(() => undefined);
    // A write that never finished holds the same names and URLs.
    await this.removeTemporary(0).catch(() => undefined);
  }

  /** The temporary files of writes (of any window) older than `ms`: a window closed while writing leaves one. */
  private async removeTemporary(ms: number): Promise<void> {
    const dir = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}.`;
    for (const f of await fs.promises.readdir(dir)) {
      if (!f.startsWith(prefix) || !f.endsWith('.tmp')) continue;
      const stat = await fs.promises.stat(path.join(dir, f)).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs >= ms) await fs.promises.rm(path.join(dir, f), { force: true });
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
  }
}
