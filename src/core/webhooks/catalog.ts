/**
 * The configurations the sidebar shows, per environment, with their loading state, recent failure rates and
 * pending operations. Pure TypeScript over the API client: the tree adapter renders it, tests drive it in Node.
 */
import { EventEmitter } from 'node:events';
import type { TranscryptsClient } from '../api/client';
import type { Webhook } from '../api/schemas';
import { failureStatsByUrl, isFailing, type FailureStats } from '../history/failures';
import { ENV_TYPES, type EnvType } from '../model';

export type EnvState =
  | { kind: 'nosecret' }
  | { kind: 'loading' }
  | { kind: 'loaded' }
  | { kind: 'error'; error: Error };

export interface Pending {
  key: string;
  env: EnvType;
  label: string;
}

export interface ClientSource {
  client(env: EnvType): TranscryptsClient | undefined;
}

export class Catalog {
  private readonly states = new Map<EnvType, EnvState>();
  private readonly hooks = new Map<EnvType, Webhook[]>();
  private readonly stats = new Map<EnvType, Map<string, FailureStats>>();
  private readonly creating = new Map<string, Pending>();
  private readonly deletingIds = new Set<string>();
  private readonly events = new EventEmitter();
  private readonly generation = new Map<EnvType, number>();
  private filterText = '';
  private seq = 0;

  constructor(
    private readonly source: ClientSource,
    private readonly threshold: () => number = () => 0.2,
  ) {}

  /** Listener gets the environment that changed, or undefined for all. */
  onChange(listener: (env: EnvType | undefined) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private fire(env?: EnvType): void {
    this.events.emit('change', env);
  }

  state(env: EnvType): EnvState {
    return this.states.get(env) ?? (this.source.client(env) ? { kind: 'loading' } : { kind: 'nosecret' });
  }

  /** Sorted by name (then URL), filtered. */
  webhooks(env: EnvType): Webhook[] {
    return (this.hooks.get(env) ?? []).filter((w) => this.matches(w));
  }

  /** All loaded, unfiltered. */
  count(env: EnvType): number {
    return this.hooks.get(env)?.length ?? 0;
  }

  all(): Webhook[] {
    return ENV_TYPES.flatMap((e) => this.hooks.get(e) ?? []);
  }

  find(id: string): Webhook | undefined {
    return this.all().find((w) => w.id === id);
  }

  failureStats(w: Webhook): FailureStats | undefined {
    return this.stats.get(w.env_type)?.get(w.webhook_url);
  }

  isFailing(w: Webhook): boolean {
    return isFailing(this.failureStats(w), this.threshold());
  }

  // ---- filter -----------------------------------------------------------------------------------------------

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.fire();
  }

  /** Name, URL or one of the events contains the filter text (case-insensitive). */
  matches(w: Webhook): boolean {
    const f = this.filterText.toLowerCase();
    if (!f) return true;
    return w.name.toLowerCase().includes(f) || w.webhook_url.toLowerCase().includes(f) || w.events.some((e) => e.includes(f));
  }

  // ---- loading ----------------------------------------------------------------------------------------------

  /** Reload `env`, or every environment. Errors stay per environment; the others still show. */
  async refresh(env?: EnvType, signal?: AbortSignal): Promise<void> {
    const envs = env ? [env] : [...ENV_TYPES];
    await Promise.all(envs.map((e) => this.load(e, signal)));
  }

  private async load(env: EnvType, signal?: AbortSignal): Promise<void> {
    const client = this.source.client(env);
    const gen = (this.generation.get(env) ?? 0) + 1;
    this.generation.set(env, gen);
    if (!client) {
      this.states.set(env, { kind: 'nosecret' });
      this.hooks.delete(env);
      this.stats.delete(env);
      this.fire(env);
      return;
    }
    this.states.set(env, { kind: 'loading' });
    this.fire(env);
    try {
      const all = await client.listWebhooks({ signal });
      if (this.generation.get(env) !== gen) return; // a newer load won
      this.hooks.set(env, sortWebhooks(all.filter((w) => w.env_type === env)));
      this.states.set(env, { kind: 'loaded' });
      this.fire(env);
    } catch (e) {
      if (this.generation.get(env) !== gen) return;
      this.states.set(env, { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) });
      this.fire(env);
      return;
    }
    // Failure rates come after: the tree shows the configurations first.
    try {
      const page = await client.historyPage({ pageSize: 500 }, undefined, { signal });
      if (this.generation.get(env) !== gen) return;
      this.stats.set(env, failureStatsByUrl(page.results));
      this.fire(env);
    } catch {
      // Without history the icons show enabled/disabled only; the tree does not fail for it.
    }
  }

  // ---- local changes after a successful call ------------------------------------------------------------------

  upsert(w: Webhook): void {
    for (const env of ENV_TYPES) {
      const list = this.hooks.get(env);
      if (list) this.hooks.set(env, list.filter((x) => x.id !== w.id));
    }
    this.hooks.set(w.env_type, sortWebhooks([...(this.hooks.get(w.env_type) ?? []), w]));
    this.fire();
  }

  remove(id: string): void {
    for (const env of ENV_TYPES) {
      const list = this.hooks.get(env);
      if (list?.some((w) => w.id === id)) {
        this.hooks.set(env, list.filter((w) => w.id !== id));
        this.fire(env);
      }
    }
  }

  // ---- pending operations -------------------------------------------------------------------------------------

  /** A "Creating…" placeholder until `done` is called. */
  beginCreate(env: EnvType, label: string): () => void {
    const key = `creating-${++this.seq}`;
    this.creating.set(key, { key, env, label });
    this.fire(env);
    return () => {
      this.creating.delete(key);
      this.fire(env);
    };
  }

  pendingCreates(env: EnvType): Pending[] {
    return [...this.creating.values()].filter((p) => p.env === env);
  }

  beginDelete(w: Webhook): () => void {
    this.deletingIds.add(w.id);
    this.fire(w.env_type);
    return () => {
      this.deletingIds.delete(w.id);
      this.fire(w.env_type);
    };
  }

  isDeleting(id: string): boolean {
    return this.deletingIds.has(id);
  }

  clear(): void {
    this.states.clear();
    this.hooks.clear();
    this.stats.clear();
    this.generation.clear();
    this.fire();
  }
}

export function sortWebhooks(list: Webhook[]): Webhook[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.webhook_url.localeCompare(b.webhook_url));
}
