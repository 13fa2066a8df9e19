/**
 * What other features mark on the Webhooks tree, as plain data: where a group's deliveries are forwarded (Listen)
 * and which configurations differ from the configurations file (configurations as code). The tree takes it in its
 * constructor and renders again only the rows whose mark changed; the features only say what is true now.
 */
import vscode = require('vscode');
import type { EnvType } from '../../core/model';

export interface DecorationChange {
  envs: EnvType[];
  ids: string[];
}

export class TreeDecorations implements vscode.Disposable {
  private listening: ReadonlyMap<EnvType, string> = new Map();
  private differs: ReadonlyMap<string, readonly string[]> = new Map();
  private readonly changed = new vscode.EventEmitter<DecorationChange>();
  readonly onDidChange = this.changed.event;

  /** Where the group `env`'s new deliveries are forwarded, shortened for its description. */
  listeningTo(env: EnvType): string | undefined {
    return this.listening.get(env);
  }

  /** The fields configuration `id` differs in from the configurations file, when it does. */
  outOfSync(id: string): readonly string[] | undefined {
    return this.differs.get(id);
  }

  /** Every group Listen forwards now, with where to. */
  setListening(now: ReadonlyMap<EnvType, string>): void {
    const envs = changedKeys(this.listening, now, (a, b) => a === b);
    this.listening = new Map(now);
    if (envs.length) this.changed.fire({ envs, ids: [] });
  }

  /** Every configuration that differs from the file now, with its fields. */
  setOutOfSync(now: ReadonlyMap<string, readonly string[]>): void {
    const ids = changedKeys(this.differs, now, (a, b) => a.join() === b.join());
    this.differs = new Map(now);
    if (ids.length) this.changed.fire({ envs: [], ids });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function changedKeys<K, V>(before: ReadonlyMap<K, V>, after: ReadonlyMap<K, V>, same: (a: V, b: V) => boolean): K[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => {
    const a = before.get(k);
    const b = after.get(k);
    return a === undefined || b === undefined ? a !== b : !same(a, b);
  });
}
