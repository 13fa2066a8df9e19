/**
 * The catalog puts a created, changed or deleted configuration in place (a binary search in its group) instead of
 * regrouping and sorting every configuration: the result must be what a full regroup gives, for any lists and any
 * sequence of changes (same ids in two lists, other env_types, names equal but for case or accents).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Webhook } from '../../src/core/api/schemas';
import { Catalog } from '../../src/core/webhooks/catalog';

const ENVS = ['sandbox', 'dev', 'prod'];
const hook = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
  name: fc.constantFrom('Orders', 'orders', 'Órders', 'Billing', 'zeta', ''),
  webhook_url: fc.constantFrom('https://x.example/1', 'https://x.example/2'),
  env_type: fc.constantFrom('sandbox', 'dev', 'prod', 'staging'),
  events: fc.constant('order-created').map((e): string[] => [e]),
});
const op = fc.oneof(
  fc.record({ kind: fc.constant('upsert' as const), w: hook, via: fc.constantFrom(...ENVS) }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'zz') }),
);

/** What the tree reads: the groups and each group's configurations in order. */
function shown(c: Catalog): Array<[string, string[]]> {
  return c.groups().map((e) => [e, c.webhooks(e).map((w) => `${w.id}:${w.name}:${w.webhook_url}:${w.env_type}`)]);
}

describe('catalog: a change put in place', () => {
  it('gives what a full regroup and sort gives, for any lists and changes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ENVS), fc.array(hook, { maxLength: 8 })), fc.array(op, { maxLength: 12 }), (lists, ops) => {
        const c = new Catalog({ client: () => undefined, environments: ENVS });
        c.restore({ environments: ENVS, lists: lists satisfies Record<string, Webhook[]> });
        const regroup = () => (c as unknown as { regroup(): void }).regroup();
        regroup();
        for (const o of ops) {
          if (o.kind === 'upsert') c.upsert(o.w, o.via);
          else c.remove(o.id);
          const placed = shown(c);
          const ids = c.all().map((w) => w.id);
          regroup();
          assert.deepEqual(placed, shown(c));
          assert.deepEqual(ids.sort(), c.all().map((w) => w.id).sort());
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('catalog: the filter', () => {
  const filterOp = fc.record({ kind: fc.constant('filter' as const), text: fc.constantFrom('', 'ord', 'ORD', 'x.example/2', 'order-created', 'zz') });
  it('gives the group filtered afresh, for any lists, changes and filters, and filters a group once per change', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ENVS), fc.array(hook, { maxLength: 8 })), fc.array(fc.oneof(op, filterOp), { maxLength: 12 }), (lists, ops) => {
        const c = new Catalog({ client: () => undefined, environments: ENVS });
        c.restore({ environments: ENVS, lists: lists satisfies Record<string, Webhook[]> });
        let text = '';
        for (const o of ops) {
          if (o.kind === 'upsert') c.upsert(o.w, o.via);
          else if (o.kind === 'remove') c.remove(o.id);
          else c.setFilter((text = o.text));
          for (const e of c.groups()) {
            const got = c.webhooks(e);
            const f = text.toLowerCase();
            c.setFilter('');
            const expected = c.webhooks(e).filter((w) => w.name.toLowerCase().includes(f) || w.webhook_url.toLowerCase().includes(f) || w.events.some((ev) => ev.includes(f)));
            c.setFilter(text);
            assert.deepEqual(got, expected);
            assert.equal(c.shown(e), expected.length);
            // The row's count and the children, read in one render: one filtering.
            if (text) assert.equal(c.webhooks(e), c.webhooks(e));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
