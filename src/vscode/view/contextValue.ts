/**
 * Tree items' `contextValue`: the node's kind and named flags, joined by `;` in a fixed order
 * (`webhook;disabled;failing;idle;writable`). A when-clause tests one flag at a time, wherever it stands:
 * `viewItem =~ /\bwritable\b/`. Plain TypeScript (no `vscode`): the manifest test enumerates every value a node
 * can produce from `NODE_FLAGS` and holds each `viewItem` clause of package.json against them.
 */

/** Per node kind, its groups of flags: each group contributes exactly one flag (`''` = none). */
export const NODE_FLAGS = {
  environment: [
    ['connected', 'nosecret', 'foreign'],
    ['writable', 'readonly'],
    // listening: its new deliveries are forwarded to a local receiver (Listen).
    ['listening', ''],
    // listenable: Listen may start on it (Production only with transcrypts.listen.allowProduction, and not read-only).
    ['listenable', ''],
  ],
  webhook: [
    ['enabled', 'disabled', 'nostate'],
    ['failing', ''],
    // busy: being deleted; nothing acts on it until that ends.
    ['idle', 'busy'],
    // writable: it may be changed now (not a read-only group, not production under production.readOnly, not busy).
    ['writable', 'readonly'],
  ],
  event: [['writable', 'readonly']],
  message: [
    ['error', 'nosecret', 'empty', 'filtered'],
    ['writable', 'readonly'],
  ],
  placeholder: [],
  // "Show More…" at the end of a group that shows part of its configurations.
  more: [],
} as const;

export type NodeKind = keyof typeof NODE_FLAGS;
type Groups<K extends NodeKind> = (typeof NODE_FLAGS)[K];
/** One flag from each group, in the table's order. */
type FlagsOf<G extends readonly (readonly string[])[]> = { [I in keyof G]: G[I][number] };

export function contextValue<K extends NodeKind>(kind: K, ...flags: FlagsOf<Groups<K>>): string {
  return [kind, ...(flags as readonly string[]).filter((f) => f !== '')].join(';');
}

/** Every context value a node can produce (for the manifest test). */
export function allContextValues(): string[] {
  const out: string[] = [];
  for (const [kind, groups] of Object.entries(NODE_FLAGS) as Array<[NodeKind, readonly (readonly string[])[]]>) {
    let combos: string[][] = [[]];
    for (const g of groups) combos = combos.flatMap((c) => g.map((f) => [...c, f]));
    for (const c of combos) out.push([kind, ...c.filter((f) => f !== '')].join(';'));
  }
  return out;
}
